package dev.dbops.sdk.internal.exchange;

import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers of one attempt: set on the request builder and, when interceptors look, kept in a
 * view with the API key hidden. Also the rules for headers users add.
 */
public final class Headers {

    /** Set by the SDK itself, or by the JDK: users may not set them. */
    private static final Set<String> RESERVED = Set.of("x-api-key", "harness-account", "user-agent", "content-type",
            "accept", "connection", "content-length", "expect", "host", "upgrade");

    private final Map<String, List<String>> view;
    private final String key;

    /** Headers kept in a view with this key hidden, or, when the key is null, not kept at all. */
    Headers(String keyToHide) {
        this.key = keyToHide;
        this.view = keyToHide == null ? null : new LinkedHashMap<>();
    }

    void set(HttpRequest.Builder request, String name, String value) {
        request.setHeader(name, value);
        if (view != null) {
            view.put(name, List.of(key.equals(value) ? Redactor.REDACTED : value));
        }
    }

    Map<String, List<String>> view() {
        return view == null ? Map.of() : Collections.unmodifiableMap(view);
    }

    /**
     * Why a header a user adds cannot be sent, or null when it can: an HTTP token for a name,
     * printable ASCII for a value, and none of the SDK's own or the JDK's reserved names.
     */
    public static String problem(String name, String value) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(Headers::isTokenChar)) {
            return "is not a valid header name";
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "is set by the SDK (or the JDK) and cannot be replaced";
        }
        if (value == null) {
            return "has no value";
        }
        if (!isSafeValue(value)) {
            return "has a value that cannot be sent in a header (printable ASCII only, no line breaks)";
        }
        return null;
    }

    /** Printable ASCII and tabs: what a header value may hold without being refused or split. */
    public static boolean isSafeValue(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
