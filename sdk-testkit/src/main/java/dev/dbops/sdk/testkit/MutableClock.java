package dev.dbops.sdk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, for the stand-in's notion of time: the
 * {@code created}/{@code updated} stamps and the rate limit's windows. The JDK's clocks are
 * immutable ({@link Clock#fixed}, {@link Clock#offset}), so a test that wants to see
 * {@code updated} change, or a rate-limit window end, without waiting needs one like this.
 *
 * <pre>{@code
 * static final MutableClock clock = MutableClock.at(Instant.parse("2025-01-01T00:00:00Z"));
 * @RegisterExtension static DbOpsStandInExtension standIn = DbOpsStandInExtension.stateful().withClock(clock);
 * ...
 * clock.advance(Duration.ofMinutes(5));   // the next update is stamped five minutes later
 * }</pre>
 *
 * Safe to read and move from any thread; {@link #withZone} views share the same time.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock showing {@code start} in UTC until it is moved.
     *
     * @param start the time the clock shows at first, not null
     * @return a new clock, with its own time source
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * A clock showing the current system time in UTC, then standing still until it is moved.
     *
     * @return a new clock, with its own time source
     */
    public static MutableClock atSystemTime() {
        return at(Instant.now());
    }

    /**
     * Moves the clock forward (or back, for a negative amount) and returns the new time.
     *
     * @param amount how far to move it, not null; negative moves it back
     * @return the time the clock shows after the move
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(current -> current.plus(amount));
    }

    /**
     * Sets the clock to this time.
     *
     * @param instant the time the clock shows from now on (earlier or later than now), not null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** The time the clock shows. */
    @Override
    public Instant instant() {
        return now.get();
    }

    /** The zone of this view (UTC unless made with {@link #withZone}). */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time: moving either moves both. */
    @Override
    public MutableClock withZone(ZoneId zone) {
        return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
    }

    /** Equal when both views share the same time source and zone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MutableClock clock && clock.now == now && clock.zone.equals(zone);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return System.identityHashCode(now) * 31 + zone.hashCode();
    }

    /** The time and zone shown now. */
    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
