package dev.dbops.sdk.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTest {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);

        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(START.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(START.plusSeconds(90).toEpochMilli());

        clock.set(START.minusSeconds(5));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(5));
    }

    @Test
    void aViewInAnotherZoneSharesTheTime() {
        MutableClock utc = MutableClock.at(START);
        MutableClock paris = utc.withZone(ZoneId.of("Europe/Paris"));

        utc.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(3600));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris).isNotEqualTo(utc).isEqualTo(utc.withZone(ZoneId.of("Europe/Paris")));
        assertThat(MutableClock.at(START)).as("another clock at the same time").isNotEqualTo(MutableClock.at(START));
    }
}
