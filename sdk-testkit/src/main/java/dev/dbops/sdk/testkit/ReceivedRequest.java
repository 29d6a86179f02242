package dev.dbops.sdk.testkit;

import java.util.Optional;

/**
 * One request as the stand-in received it, recorded on arrival (before any latency or held
 * response), with what the stand-in's network did to it.
 *
 * @param sequence arrival order, from 1 after a start or {@link DbOpsStandIn#reset()}
 * @param operationId the OpenAPI operationId the method and path match, or {@link #UNDOCUMENTED}
 * @param method the HTTP method
 * @param url the path and query as sent (percent-encoded)
 * @param body the request body, empty when there was none
 * @param rateLimited true when the rate limit refused it with 429
 * @param fault the fault injected into it, if any
 */
public record ReceivedRequest(long sequence, String operationId, String method, String url, String body,
                              boolean rateLimited, Optional<Fault> fault) {

    /** The operationId recorded for a request that matches no operation of the document. */
    public static final String UNDOCUMENTED = "undocumented";

    /**
     * True when the service saw the request and acted on it (whatever it answered): it was not
     * rate-limited, and drew no fault or one that strikes after handling.
     *
     * @return false when the rate limit refused the request with 429 or a {@code _BEFORE_HANDLING}
     *     fault struck it (nothing changed), else true
     */
    public boolean reachedService() {
        return !rateLimited && fault.map(Fault::reachesService).orElse(true);
    }
}
