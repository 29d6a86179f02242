package dev.dbops.sdk.testkit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A failure the stand-in injects into one exchange. Each fault names when it strikes, because a
 * client cannot tell the two apart and must behave safely under both:
 * <ul>
 *   <li>{@code *_BEFORE_HANDLING}: the request is lost on its way in; the service never sees it
 *       and nothing changes.</li>
 *   <li>{@code *_AFTER_HANDLING}: the service handles the request (a create creates, a delete
 *       deletes) and then its response is lost; the change stays.</li>
 * </ul>
 * A create that failed with an {@code _AFTER_HANDLING} fault and is sent again meets "already
 * exists": the situation plan/apply must never cause.
 */
public enum Fault {

    /** The connection is reset (TCP RST) before the service sees the request. */
    RESET_BEFORE_HANDLING(Kind.RESET, false),
    /** The service handles the request, then the connection is reset instead of answering. */
    RESET_AFTER_HANDLING(Kind.RESET, true),
    /**
     * A 500 with the document's {@code ErrorInternal} body, without the service seeing the request
     * (a failing gateway or a crash on arrival).
     */
    SERVER_ERROR_BEFORE_HANDLING(Kind.SERVER_ERROR, false),
    /** The service handles the request, then a 500 with the document's {@code ErrorInternal} body replaces its answer. */
    SERVER_ERROR_AFTER_HANDLING(Kind.SERVER_ERROR, true),
    /**
     * The request hangs at the gateway for {@link NetworkConditions#timeoutDelay()}, then the
     * gateway answers 504; the service never sees it. A client whose timeout is shorter gives up first.
     */
    TIMEOUT_BEFORE_HANDLING(Kind.TIMEOUT, false),
    /**
     * The service handles the request at once, then its answer is held for
     * {@link NetworkConditions#timeoutDelay()}. A client whose timeout is shorter gives up first,
     * after the change happened.
     */
    TIMEOUT_AFTER_HANDLING(Kind.TIMEOUT, true);

    /** What goes wrong, whatever the timing. */
    enum Kind { RESET, SERVER_ERROR, TIMEOUT }

    private final Kind kind;
    private final boolean reachesService;

    Fault(Kind kind, boolean reachesService) {
        this.kind = kind;
        this.reachesService = reachesService;
    }

    /**
     * True for the {@code _AFTER_HANDLING} faults: the service acted on the request before the fault struck.
     *
     * @return true when a request that met this fault was handled (its change stays), false when
     *     the service never saw it
     */
    public boolean reachesService() {
        return reachesService;
    }

    /**
     * The three faults after which nothing has changed.
     *
     * @return a new, modifiable set of the {@code _BEFORE_HANDLING} faults, for example to pass to
     *     {@link NetworkConditions.Builder#faults(double, java.util.Collection)}
     */
    public static Set<Fault> beforeHandling() {
        return of(false);
    }

    /**
     * The three faults after which the request's change has happened.
     *
     * @return a new, modifiable set of the {@code _AFTER_HANDLING} faults, for example to pass to
     *     {@link NetworkConditions.Builder#faults(double, java.util.Collection)}
     */
    public static Set<Fault> afterHandling() {
        return of(true);
    }

    Kind kind() {
        return kind;
    }

    private static Set<Fault> of(boolean reachesService) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        Arrays.stream(values()).filter(f -> f.reachesService == reachesService).forEach(faults::add);
        return faults;
    }
}
