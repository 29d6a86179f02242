package dev.dbops.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when the client sleeps, and the sleeper that moves it: retries, deadlines
 * and waiters run at full speed, and the test sees every wait they asked for.
 */
final class FakeTime extends Clock implements Sleeper {

    private volatile Instant now = Instant.parse("2026-11-28T12:00:00Z");
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before sleeping");
        }
        sleeps.add(duration);
        advance(duration);
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** A client builder for the WireMock server on this fake time. */
    HarnessDbOps.Builder client(com.github.tomakehurst.wiremock.junit5.WireMockExtension wm) {
        return Fixtures.builder(wm).sleeper(this).clock(this);
    }
}
