package dev.dbops.sdk.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What stands between a client and the stand-in's service: latency, an API gateway's rate limit,
 * and faults on a share of requests. Immutable; build one with {@link #builder()}, or change the
 * running stand-in's with {@link DbOpsStandIn#network(java.util.function.Consumer)}.
 *
 * <pre>{@code
 * standIn.network(n -> n.latency(Duration.ofMillis(50))
 *         .faults(0.1, Fault.RESET_AFTER_HANDLING, Fault.SERVER_ERROR_BEFORE_HANDLING)
 *         .seed(42));
 * standIn.rateLimit(100, Duration.ofSeconds(1));
 * }</pre>
 *
 * <h2>What a request goes through, in order</h2>
 * <ol>
 *   <li>The rate limit: beyond {@link #maxRequests()} in one window, the gateway answers 429 with
 *       {@code Retry-After} (after the latency) and the service never sees the request.</li>
 *   <li>The latency: the stand-in waits this long before the service sees the request.</li>
 *   <li>A fault, if this request draws one: see {@link Fault} for what each does and when.</li>
 *   <li>The service's answer.</li>
 * </ol>
 *
 * <h2>What "seeded" guarantees</h2>
 * Whether a request draws a fault, which one, and its latency are a function of the seed, the
 * request's method, path with query and body, and how many identical requests the gateway let
 * through before it (since the conditions were set or the stand-in reset). So a run repeats
 * exactly with the same seed, and it repeats under concurrency too: which thread sends a request,
 * and in which order requests interleave, does not change their fates, as long as the same requests
 * are sent. What is not seeded: which requests a rate limit refuses depends on when they arrive,
 * by the stand-in's clock; and wall-clock waits are real.
 */
public final class NetworkConditions {

    /** How long a timeout fault holds a request unless told otherwise: longer than the SDK's default 30 s timeout. */
    public static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(35);

    /** No latency, no faults, no rate limit. (Declared after the default it is built with.) */
    public static final NetworkConditions NONE = builder().build();

    private final Duration minLatency;
    private final Duration maxLatency;
    private final double faultShare;
    private final List<Fault> faults;
    private final Set<String> faultOperations;
    private final Duration timeoutDelay;
    private final int maxRequests;
    private final Duration window;
    private final Duration retryAfter;
    private final long seed;

    private NetworkConditions(Builder b) {
        this.minLatency = b.minLatency;
        this.maxLatency = b.maxLatency;
        this.faultShare = b.faultShare;
        this.faults = List.copyOf(b.faults);
        this.faultOperations = Collections.unmodifiableSet(new TreeSet<>(b.faultOperations));
        this.timeoutDelay = b.timeoutDelay;
        this.maxRequests = b.maxRequests;
        this.window = b.window;
        this.retryAfter = b.retryAfter;
        this.seed = b.seed;
    }

    /**
     * A builder with nothing set: no latency, no faults, no rate limit, seed 0.
     *
     * @return a new builder; its timeout delay is {@link #DEFAULT_TIMEOUT_DELAY}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these conditions.
     *
     * @return a new builder holding every setting of these conditions; changing it leaves them as they are
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.minLatency = minLatency;
        b.maxLatency = maxLatency;
        b.faultShare = faultShare;
        b.faults = faults;
        b.faultOperations = faultOperations;
        b.timeoutDelay = timeoutDelay;
        b.maxRequests = maxRequests;
        b.window = window;
        b.retryAfter = retryAfter;
        b.seed = seed;
        return b;
    }

    /**
     * The shortest latency a request gets (zero when none is set).
     *
     * @return the lower bound of the latency, {@link Duration#ZERO} or more
     */
    public Duration minLatency() {
        return minLatency;
    }

    /**
     * The longest latency a request gets; equal to {@link #minLatency()} for a fixed latency.
     *
     * @return the upper bound of the latency, included; {@link Duration#ZERO} when there is none
     */
    public Duration maxLatency() {
        return maxLatency;
    }

    /**
     * The share of requests, from 0 to 1, that draw a fault.
     *
     * @return 0 when no faults are set, up to 1 for every request
     */
    public double faultShare() {
        return faultShare;
    }

    /**
     * The faults drawn from, each equally likely; empty when there are none.
     *
     * @return an unmodifiable list, in the order given to the builder; a fault listed twice is twice as likely
     */
    public List<Fault> faults() {
        return faults;
    }

    /**
     * The operationIds faults are limited to; empty means every operation.
     *
     * @return an unmodifiable set, sorted by name
     */
    public Set<String> faultOperations() {
        return faultOperations;
    }

    /**
     * How long a timeout fault holds a request (see {@link Fault#TIMEOUT_BEFORE_HANDLING}).
     *
     * @return the delay, {@link #DEFAULT_TIMEOUT_DELAY} unless set
     */
    public Duration timeoutDelay() {
        return timeoutDelay;
    }

    /**
     * The most requests the gateway lets through per {@link #rateLimitWindow()}; 0 when there is no rate limit.
     *
     * @return the limit, 1 or more, or 0 for no rate limit
     */
    public int maxRequests() {
        return maxRequests;
    }

    /**
     * The rate limit's window; {@link Duration#ZERO} when there is no rate limit.
     *
     * @return the window's length, by the stand-in's clock
     */
    public Duration rateLimitWindow() {
        return window;
    }

    /**
     * The {@code Retry-After} a 429 carries, when fixed; empty means "the seconds until the window
     * ends, rounded up, at least 1", as a fixed-window gateway computes it.
     *
     * @return the fixed {@code Retry-After}, or empty when it is computed from the window
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The seed of every random choice.
     *
     * @return the seed, 0 unless set
     */
    public long seed() {
        return seed;
    }

    /**
     * True when these conditions add nothing: no latency, faults or rate limit.
     *
     * @return true for conditions equivalent to {@link #NONE}, whatever their seed, timeout delay
     *     or fault operations
     */
    public boolean isNone() {
        return maxLatency.isZero() && faultShare == 0 && maxRequests == 0;
    }

    /** Equal when every setting is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkConditions n && n.minLatency.equals(minLatency) && n.maxLatency.equals(maxLatency)
                && n.faultShare == faultShare && n.faults.equals(faults) && n.faultOperations.equals(faultOperations)
                && n.timeoutDelay.equals(timeoutDelay) && n.maxRequests == maxRequests && n.window.equals(window)
                && Objects.equals(n.retryAfter, retryAfter) && n.seed == seed;
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(minLatency, maxLatency, faultShare, faults, faultOperations, timeoutDelay, maxRequests,
                window, retryAfter, seed);
    }

    /** Every setting, for test output. */
    @Override
    public String toString() {
        return "NetworkConditions[latency=" + minLatency + (maxLatency.equals(minLatency) ? "" : ".." + maxLatency)
                + ", faults=" + faultShare + " of " + faults + (faultOperations.isEmpty() ? "" : " on " + faultOperations)
                + ", timeoutDelay=" + timeoutDelay
                + ", rateLimit=" + (maxRequests == 0 ? "none" : maxRequests + " per " + window
                + (retryAfter == null ? "" : ", Retry-After " + retryAfter))
                + ", seed=" + seed + "]";
    }

    /** Builds {@link NetworkConditions}; every method returns this builder. */
    public static final class Builder {
        private Duration minLatency = Duration.ZERO;
        private Duration maxLatency = Duration.ZERO;
        private double faultShare;
        private List<Fault> faults = List.of();
        private Set<String> faultOperations = Set.of();
        private Duration timeoutDelay = DEFAULT_TIMEOUT_DELAY;
        private int maxRequests;
        private Duration window = Duration.ZERO;
        private Duration retryAfter;
        private long seed;

        private Builder() {
        }

        /**
         * Every request waits this long before the service sees it.
         *
         * @param latency the fixed latency, zero or more; {@link Duration#ZERO} removes it
         * @return this builder
         * @throws IllegalArgumentException when {@code latency} is negative
         */
        public Builder latency(Duration latency) {
            return latency(latency, latency);
        }

        /**
         * Every request waits a time drawn uniformly (and seeded) from {@code min} to {@code max}, both included.
         *
         * @param min the shortest latency, zero or more
         * @param max the longest latency, {@code min} or more
         * @return this builder
         * @throws IllegalArgumentException when either is negative, or {@code max} is below {@code min}
         */
        public Builder latency(Duration min, Duration max) {
            requireNonNegative("min", min);
            requireNonNegative("max", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency max " + max + " is below min " + min);
            }
            this.minLatency = min;
            this.maxLatency = max;
            return this;
        }

        /**
         * Removes the latency.
         *
         * @return this builder
         */
        public Builder noLatency() {
            return latency(Duration.ZERO);
        }

        /**
         * This share of requests (0 to 1) draws a fault, each of {@code faults} equally likely.
         * Replaces faults set before.
         *
         * @param share the share of requests that draw a fault, from 0 (none) to 1 (every request)
         * @param faults the faults to draw from; at least one unless {@code share} is 0
         * @return this builder
         * @throws IllegalArgumentException when {@code share} is outside 0 to 1, or is above 0 with no faults
         */
        public Builder faults(double share, Fault... faults) {
            return faults(share, Arrays.asList(faults));
        }

        /**
         * As {@link #faults(double, Fault...)}, with the faults as a collection (for example {@link Fault#afterHandling()}).
         *
         * @param share the share of requests that draw a fault, from 0 (none) to 1 (every request)
         * @param faults the faults to draw from, not null and without nulls; at least one unless
         *     {@code share} is 0
         * @return this builder
         * @throws IllegalArgumentException when {@code share} is outside 0 to 1, or is above 0 with no faults
         */
        public Builder faults(double share, Collection<Fault> faults) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("fault share must be from 0 to 1, was " + share);
            }
            List<Fault> copy = List.copyOf(faults);
            if (share > 0 && copy.isEmpty()) {
                throw new IllegalArgumentException("name the faults to inject on " + share + " of requests");
            }
            this.faultShare = share;
            this.faults = share == 0 ? List.of() : copy;
            return this;
        }

        /**
         * Removes the faults (but not the operations they were limited to).
         *
         * @return this builder
         */
        public Builder noFaults() {
            return faults(0);
        }

        /**
         * Limits faults to these operations (operationIds of the OpenAPI document, such as
         * {@code "createDbInstance"}); with none given, every operation may fault.
         * Replaces operations given before. Faults queued with {@link DbOpsStandIn#failNext} ignore it.
         *
         * @param operationIds the operations that may draw a fault; none for every operation. The
         *     stand-in refuses an operationId its document does not declare when the conditions are set.
         * @return this builder
         * @throws IllegalArgumentException when an operationId is given twice
         */
        public Builder faultsOnly(String... operationIds) {
            this.faultOperations = Set.of(operationIds);
            return this;
        }

        /**
         * How long a timeout fault holds a request; make it longer than the client's timeout.
         *
         * @param delay the hold, zero or more; {@link NetworkConditions#DEFAULT_TIMEOUT_DELAY} unless set.
         *     It is a real wait, ended early only by stopping the stand-in.
         * @return this builder
         * @throws IllegalArgumentException when {@code delay} is negative
         */
        public Builder timeoutDelay(Duration delay) {
            requireNonNegative("timeoutDelay", delay);
            this.timeoutDelay = delay;
            return this;
        }

        /**
         * At most {@code maxRequests} requests per {@code window}, by the stand-in's clock: a window
         * opens with the first request after the previous one closed, and requests beyond the
         * limit are answered 429 with a {@code Retry-After} header and never reach the service.
         * Refused requests do not count against the limit.
         *
         * @param maxRequests the most requests let through per window, 1 or more
         * @param window the window's length, longer than zero
         * @return this builder
         * @throws IllegalArgumentException when {@code maxRequests} is below 1, or {@code window} is
         *     zero or negative
         */
        public Builder rateLimit(int maxRequests, Duration window) {
            if (maxRequests < 1) {
                throw new IllegalArgumentException("maxRequests must be 1 or more, was " + maxRequests);
            }
            requireNonNegative("window", window);
            if (window.isZero()) {
                throw new IllegalArgumentException("the rate limit window must be longer than zero");
            }
            this.maxRequests = maxRequests;
            this.window = window;
            return this;
        }

        /**
         * A fixed {@code Retry-After} for every 429, sent in whole seconds (rounded up), instead of
         * the seconds left in the window.
         *
         * @param retryAfter the wait the 429 asks for, zero or more; it applies only with a
         *     {@link #rateLimit(int, Duration) rate limit}
         * @return this builder
         * @throws IllegalArgumentException when {@code retryAfter} is negative
         */
        public Builder retryAfter(Duration retryAfter) {
            requireNonNegative("retryAfter", retryAfter);
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Removes the rate limit and any fixed {@code Retry-After}.
         *
         * @return this builder
         */
        public Builder noRateLimit() {
            this.maxRequests = 0;
            this.window = Duration.ZERO;
            this.retryAfter = null;
            return this;
        }

        /**
         * The seed of every random choice (0 unless set), so that a run can be repeated.
         *
         * @param seed any value; the same seed and the same requests give the same latencies and faults
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The conditions as set.
         *
         * @return new, immutable conditions; the builder can go on being changed without affecting them
         */
        public NetworkConditions build() {
            return new NetworkConditions(this);
        }

        private static void requireNonNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
        }
    }
}
