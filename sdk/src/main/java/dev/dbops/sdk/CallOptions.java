package dev.dbops.sdk;

import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.internal.exchange.Headers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options every call and every list takes: its timeouts and extra headers. */
final class CallOptions {

    private final String op;
    private Duration timeout;
    private Duration callTimeout;
    private Map<String, String> headers;

    CallOptions(String op) {
        this.op = op;
    }

    void timeout(Duration value) {
        timeout = Validation.timeout(op, "timeout", value);
    }

    void callTimeout(Duration value) {
        callTimeout = Validation.timeout(op, "callTimeout", value);
    }

    void header(String name, String value) {
        String problem = Headers.problem(name, value);
        if (problem != null) {
            throw Validation.invalid(op, "header " + name, problem,
                    "extra headers are HTTP tokens with printable ASCII values, other than the SDK's own");
        }
        if (headers == null) {
            headers = new LinkedHashMap<>();
        }
        headers.put(name, value);
    }

    /** Takes another call's options (a list's, for each of its pages). */
    void copyFrom(CallOptions other) {
        timeout = other.timeout;
        callTimeout = other.callTimeout;
        headers = other.headers == null ? null : new LinkedHashMap<>(other.headers);
    }

    /** The options as the exchange takes them (a snapshot: later changes do not reach a call in flight). */
    Exchange.CallOptions snapshot() {
        if (timeout == null && callTimeout == null && headers == null) {
            return Exchange.CallOptions.NONE;
        }
        return new Exchange.CallOptions(timeout, callTimeout, headers == null ? Map.of() : Map.copyOf(headers));
    }
}
