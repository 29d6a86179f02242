package dev.dbops.sdk.internal.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.openapitools.jackson.nullable.JsonNullableModule;

import java.net.URLEncoder;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The JSON mapping of the generated models and the encodings the generated codecs use. The
 * mapper is configured as openapi-generator's own client configures it (null fields left out,
 * unknown fields ignored, enums by their JSON value) and is never handed out: callers who need
 * one get a copy ({@code DbOpsJson.mapper()}).
 */
public final class Json {

    private static final ObjectMapper MAPPER = newMapper();

    private Json() {
    }

    /** A new mapper configured as the SDK's own. */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE, false);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);
        mapper.enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(new JsonNullableModule());
        return mapper;
    }

    /** The shared mapper, for code of this SDK only. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A reader of one type, resolved once: each operation keeps its own. */
    public static ObjectReader reader(TypeReference<?> type) {
        return MAPPER.readerFor(type);
    }

    /** A request body as JSON bytes. */
    public static byte[] write(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // The generated models hold strings, numbers, booleans, enums, lists and maps of them.
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Appends {@code name=value} to the query, unless the value is null. */
    public static void appendQuery(StringBuilder target, String name, Object value) {
        if (value == null) {
            return;
        }
        target.append(target.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(urlEncode(value.toString()));
    }

    /**
     * {@code URLEncoder.encode(s, UTF_8)} with the space written {@code %20}, as path segments
     * and query values need; without a regular expression, and without copying a string that
     * needs no encoding (every identifier the API accepts but those with {@code $}).
     */
    public static String urlEncode(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '*';
            if (!unreserved) {
                return URLEncoder.encode(s, UTF_8).replace("+", "%20");
            }
        }
        return s;
    }

    /**
     * Whether a body is blank, as {@code new String(body, UTF_8).isBlank()} says, without decoding
     * it when an ASCII character that is not white space settles the question.
     */
    public static boolean isBlank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b < 0) {
                return new String(body, UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
