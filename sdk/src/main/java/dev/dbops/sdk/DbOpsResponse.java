package dev.dbops.sdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful call's parsed body together with what the HTTP exchange said: status, headers,
 * request id and the number of attempts it took. Every call offers it through
 * {@code executeWithResponse()}.
 *
 * @param <T> the body type (a generated model, a list of them, an {@code Optional} of one, or {@link Void})
 */
public final class DbOpsResponse<T> {

    private static final List<String> REQUEST_ID_HEADERS =
            List.of("x-request-id", "x-harness-request-id", "request-id", "x-correlation-id");

    private final int status;
    private final Map<String, List<String>> receivedHeaders;
    /** The case-insensitive copy, made on first use: most callers only want the body. */
    private volatile Map<String, List<String>> headers;
    private final T body;
    private final int attempts;

    /**
     * A response, as the SDK hands it out (public for tests of code that uses responses).
     *
     * @param status the HTTP status
     * @param headers the response headers (look-ups will ignore case)
     * @param body the parsed body, or null
     * @param attempts how many times the request was sent
     */
    public DbOpsResponse(int status, Map<String, List<String>> headers, T body, int attempts) {
        this.status = status;
        this.receivedHeaders = headers;
        this.body = body;
        this.attempts = attempts;
    }

    /**
     * The HTTP status code.
     *
     * @return the status: a 2xx, or 404 for a {@code find()} that found nothing
     */
    public int status() {
        return status;
    }

    /**
     * Response headers; look-ups ignore case.
     *
     * @return the headers by name, each with its values; read-only
     */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> copy = headers;
        if (copy == null) {
            copy = caseInsensitive(receivedHeaders);
            headers = copy;
        }
        return copy;
    }

    /**
     * The first value of a header, if present.
     *
     * @param name the header name, in any case
     * @return its first value, or empty when the response has no such header
     */
    public Optional<String> header(String name) {
        // Read where it is, without making the case-insensitive copy of every header: each page of
        // a list reads three of them, and the copy cost more than the rest of the page's handling.
        List<String> values = headers != null ? headers.get(name) : lookUp(receivedHeaders, name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** One header's values, whatever the case of its name in the map. */
    private static List<String> lookUp(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        List<String> values = headers.get(name);
        if (values != null) {
            return values;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * The server's request id, when it sent one.
     *
     * @return the value of the first of {@code x-request-id}, {@code x-harness-request-id},
     *         {@code request-id} and {@code x-correlation-id} present, or empty
     */
    public Optional<String> requestId() {
        return requestId(headers());
    }

    /**
     * The parsed body; null for operations without one (deletes).
     *
     * @return the body, or {@code null}
     */
    public T body() {
        return body;
    }

    /**
     * How many times the request was sent before this response.
     *
     * @return the count, the attempt that got this response included (1 when the first one succeeded)
     */
    public int attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "DbOpsResponse{status=" + status + ", attempts=" + attempts
                + requestId().map(id -> ", requestId=" + id).orElse("") + "}";
    }

    static Optional<String> requestId(Map<String, List<String>> headers) {
        Map<String, List<String>> lookup = caseInsensitive(headers);
        for (String name : REQUEST_ID_HEADERS) {
            List<String> values = lookup.get(name);
            if (values != null && !values.isEmpty()) {
                return Optional.of(values.get(0));
            }
        }
        return Optional.empty();
    }

    static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        if (headers instanceof TreeMap<?, ?> tree && tree.comparator() == String.CASE_INSENSITIVE_ORDER) {
            return Collections.unmodifiableMap(headers);
        }
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        return Collections.unmodifiableMap(copy);
    }
}
