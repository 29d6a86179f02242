package dev.dbops.sdk.plan;

import dev.dbops.sdk.CallContext;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsInterceptor;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared backoff for every thread using one client: when any call is answered 429, the gate
 * closes until the server's {@code Retry-After} has passed, and every attempt of every thread
 * waits at the gate before it is sent, so the whole pool slows down, not just the worker that was
 * refused. It is an interceptor: {@link #install(HarnessDbOps)} gives a client that consults it
 * before each attempt (the SDK's own retries included) and feeds it each 429.
 *
 * <p>Without {@code Retry-After} (or with one of 0), the gate closes for 1 s, doubling with each further 429 up to
 * {@link #MAX_WAIT}, until an attempt is answered with anything else. A {@code Retry-After} longer
 * than {@link #MAX_WAIT} is cut to it. Thread-safe; one gate serves any number of threads.
 *
 * <pre>{@code
 * RateLimitGate gate = new RateLimitGate();
 * HarnessDbOps gated = gate.install(dbops);   // shares dbops's connection pool
 * }</pre>
 */
public final class RateLimitGate implements DbOpsInterceptor {

    /** The longest the gate closes for after one 429. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Object lock = new Object();
    private Instant openAt = Instant.MIN;
    private int refusalsInARow;
    private final ThreadLocal<Boolean> refusedHere = ThreadLocal.withInitial(() -> false);
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitsForOthers = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();

    /** A gate on the system clock that waits with {@link Thread#sleep}. */
    public RateLimitGate() {
        this(Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /**
     * A gate reading this clock and waiting with this sleeper (for tests: a clock the sleeper moves).
     *
     * @param clock   tells when the gate opens
     * @param sleeper waits until then
     */
    public RateLimitGate(Clock clock, Sleeper sleeper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * What the gate has seen and done so far.
     *
     * @param rateLimitedResponses the 429 answers it saw
     * @param waits                how many attempts waited at the gate before being sent
     * @param waitsForOthers       of those, how many were on a thread whose own last answer was not a 429:
     *                             workers slowed down by another worker's 429
     * @param waited               the total time attempts spent waiting, summed over threads
     */
    public record Stats(long rateLimitedResponses, long waits, long waitsForOthers, Duration waited) {
        /**
         * What happened between {@code earlier} and this.
         *
         * @param earlier stats taken before
         * @return the difference
         */
        public Stats minus(Stats earlier) {
            return new Stats(rateLimitedResponses - earlier.rateLimitedResponses, waits - earlier.waits,
                    waitsForOthers - earlier.waitsForOthers, waited.minus(earlier.waited));
        }
    }

    /**
     * A client with this gate added to {@code client}'s interceptors, sharing its HttpClient and
     * executor; close it when done (the shared resources stay open while {@code client} is).
     *
     * @param client the client whose settings the gated one copies
     * @return the gated client
     */
    public HarnessDbOps install(HarnessDbOps client) {
        return client.toBuilder().interceptor(this).build();
    }

    /** Waits until the gate is open. */
    @Override
    public void beforeAttempt(CallContext call) {
        try {
            awaitOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbOpsConnectionException(call.operation().id(), Math.max(0, call.attempt() - 1),
                    call.operation().id() + " " + call.target() + " was interrupted while waiting out a rate limit", e);
        }
    }

    /** Closes the gate on a 429, for its {@code Retry-After}; any other answer ends a run of 429s. */
    @Override
    public void afterAttempt(CallContext call) {
        if (call.status().isEmpty()) {
            return;
        }
        if (call.status().getAsInt() == 429) {
            refusedHere.set(true);
            rateLimited(retryAfter(call.responseHeaders()).orElse(null));
        } else {
            refusedHere.set(false);
            synchronized (lock) {
                refusalsInARow = 0;
            }
        }
    }

    /**
     * Closes the gate for {@code retryAfter} from now (or, when null, for the doubling default),
     * unless it is closed for longer already.
     *
     * @param retryAfter the server's {@code Retry-After}, or null when it sent none
     */
    public void rateLimited(Duration retryAfter) {
        rateLimited.incrementAndGet();
        synchronized (lock) {
            refusalsInARow++;
            // "Retry-After: 0" after a refusal would have every worker retry at once, again and again.
            Duration wait = retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0 ? retryAfter
                    : FIRST_WAIT.multipliedBy(1L << Math.min(refusalsInARow - 1, 6));
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
            Instant until = clock.instant().plus(wait);
            if (until.isAfter(openAt)) {
                openAt = until;
            }
        }
    }

    /**
     * Returns when the gate is open; waits (with the sleeper) while it is closed.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public void awaitOpen() throws InterruptedException {
        boolean counted = false;
        while (true) {
            Instant now = clock.instant();
            Instant until;
            synchronized (lock) {
                until = openAt;
            }
            if (!now.isBefore(until)) {
                return;
            }
            Duration wait = Duration.between(now, until);
            if (!counted) {
                counted = true;
                waits.incrementAndGet();
                if (!refusedHere.get()) {
                    waitsForOthers.incrementAndGet();
                }
            }
            waitedNanos.addAndGet(wait.toNanos());
            sleeper.sleep(wait);
        }
    }

    /** {@return when the gate opens again, if it is closed now} */
    public Optional<Instant> closedUntil() {
        synchronized (lock) {
            return clock.instant().isBefore(openAt) ? Optional.of(openAt) : Optional.empty();
        }
    }

    /** {@return what the gate has seen and done so far} */
    public Stats stats() {
        return new Stats(rateLimited.get(), waits.get(), waitsForOthers.get(), Duration.ofNanos(waitedNanos.get()));
    }

    /** {@code Retry-After} as seconds or as an HTTP date, if the answer carried one that can be read. */
    Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() == null || !header.getKey().toLowerCase(Locale.ROOT).equals("retry-after")
                    || header.getValue().isEmpty()) {
                continue;
            }
            String value = header.getValue().get(0).trim();
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return Optional.of(Duration.between(clock.instant(), at));
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "RateLimitGate{" + stats() + closedUntil().map(t -> ", closed until " + t).orElse("") + "}";
    }
}
