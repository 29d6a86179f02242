package dev.dbops.sdk.internal.codec;

import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * One operation's request as the OpenAPI document defines it, before the exchange adds headers
 * and sends it: the method, the path with its query, the JSON body, and how to read the success body.
 *
 * @param operationId the operation's id in the OpenAPI document
 * @param method the HTTP method
 * @param pathAndQuery the path below the endpoint, encoded, with its query string if any
 * @param body the JSON body, or null when the request has none
 * @param responseReader reads the success body, or null when the operation returns none
 * @param <T> the success body's type ({@link Void} when there is none)
 */
public record EncodedRequest<T>(String operationId, String method, String pathAndQuery, byte[] body,
                                ObjectReader responseReader) {

    /** Whether the success answer carries a JSON body to decode. */
    public boolean returnsBody() {
        return responseReader != null;
    }

    /**
     * The success body, decoded; null for operations without one and for a blank body (which
     * the exchange then reports as malformed).
     */
    public T decode(byte[] body) throws IOException {
        if (responseReader == null || Json.isBlank(body)) {
            return null;
        }
        return responseReader.readValue(body);
    }
}
