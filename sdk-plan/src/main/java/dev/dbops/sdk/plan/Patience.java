package dev.dbops.sdk.plan;

import dev.dbops.sdk.RateLimitedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Sends a call again after the SDK gave up on 429s (each send has the SDK's own retries), waiting
 * at the shared gate first, until the call has been refused for longer than the patience. A 429
 * means the gateway refused the request before the service saw it, so this is safe for creates too.
 */
final class Patience {

    private final RateLimitGate gate;
    private final Clock clock;
    private final Duration patience;

    Patience(RateLimitGate gate, Clock clock, Duration patience) {
        this.gate = gate;
        this.clock = clock;
        this.patience = patience;
    }

    <T> T call(Supplier<T> call) {
        Instant start = clock.instant();
        while (true) {
            try {
                return call.get();
            } catch (RateLimitedException refused) {
                if (Duration.between(start, clock.instant()).compareTo(patience) >= 0) {
                    throw refused;
                }
                try {
                    gate.awaitOpen();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            }
        }
    }
}
