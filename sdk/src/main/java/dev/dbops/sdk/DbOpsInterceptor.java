package dev.dbops.sdk;

/**
 * Observes, and may add headers to, every call a client makes: tracing ({@code traceparent}),
 * metrics (operation, status, attempts, duration), audit logs. Register with
 * {@link HarnessDbOps.Builder#interceptor}; every method has an empty default.
 *
 * <p>Order: {@link #beforeCall} once, then for each attempt {@link #beforeAttempt} and
 * {@link #afterAttempt}, then {@link #afterCall} once, on the thread running the call. Several
 * interceptors run in the order they were added (the {@code after...} ones too).
 *
 * <p>An exception thrown by {@code beforeCall} or {@code beforeAttempt} ends the call (it is
 * wrapped in a {@link DbOpsException}); one thrown by {@code afterAttempt} or {@code afterCall} is
 * logged and ignored, so that a broken metrics hook cannot break calls.
 *
 * <pre>{@code
 * HarnessDbOps dbops = HarnessDbOps.builder().fromEnv()
 *     .interceptor(new DbOpsInterceptor() {
 *         public void beforeAttempt(CallContext call) {
 *             call.setRequestHeader("traceparent", currentTraceParent());
 *         }
 *         public void afterCall(CallContext call) {
 *             metrics.record(call.operation().id(), call.status().orElse(0), call.attempt(), call.callDuration());
 *         }
 *     })
 *     .build();
 * }</pre>
 */
public interface DbOpsInterceptor {

    /**
     * The call starts; nothing has been sent.
     *
     * @param call the call, before its first attempt ({@link CallContext#attempt()} is 0)
     */
    default void beforeCall(CallContext call) {
    }

    /**
     * An attempt is about to be sent: its request and headers are set; you may add headers.
     *
     * @param call the call and this attempt's request; {@link CallContext#setRequestHeader} adds a header
     */
    default void beforeAttempt(CallContext call) {
    }

    /**
     * An attempt ended, with a response ({@link CallContext#status()}) or a failure.
     *
     * @param call the call, with this attempt's response or failure
     */
    default void afterAttempt(CallContext call) {
    }

    /**
     * The call ended: {@link CallContext#failure()} is empty when it succeeded.
     *
     * @param call the call, with its last attempt and, when it failed, the call's failure
     */
    default void afterCall(CallContext call) {
    }
}
