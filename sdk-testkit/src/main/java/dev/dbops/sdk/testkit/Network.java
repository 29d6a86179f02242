package dev.dbops.sdk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One run of {@link NetworkConditions}: decides, per request, whether the rate limit refuses it,
 * how long it waits and which fault it draws. A new run (new conditions, or a reset) starts the
 * counts again, so the same requests get the same fates.
 */
final class Network {

    /** What happens to one request. {@code retryAfterSeconds} is meaningful only when rate-limited. */
    record Decision(boolean rateLimited, long retryAfterSeconds, long latencyNanos, Fault fault) {
    }

    // Salts keep a refused request's draws apart from those of the same request when let through.
    private static final long ADMITTED = 0x5DEECE66DL;
    private static final long REFUSED = 0x2545F4914F6CDD1DL;

    private final NetworkConditions conditions;
    private final Clock clock;
    private final long latencyRangeNanos;
    private final Map<String, AtomicLong> admitted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private Instant windowEnd;
    private int usedInWindow;

    Network(NetworkConditions conditions, Clock clock) {
        this.conditions = conditions;
        this.clock = clock;
        this.latencyRangeNanos = conditions.maxLatency().minus(conditions.minLatency()).toNanos();
    }

    NetworkConditions conditions() {
        return conditions;
    }

    /**
     * Decides the fate of one request.
     *
     * @param forcedFault asked only when the rate limit lets the request through: a fault queued for
     *                    this operation, or null to draw one
     */
    Decision decide(String operationId, String method, String url, String body, Supplier<Fault> forcedFault) {
        String request = method + ' ' + url + '\n' + body;
        long retryAfter = conditions.maxRequests() == 0 ? -1 : admitOrRetryAfter(clock.instant());
        if (retryAfter >= 0) {
            SplittableRandom random = random(request, REFUSED, refused);
            return new Decision(true, retryAfter, latency(random), null);
        }
        Fault forced = forcedFault.get();
        if (conditions.isNone() && forced == null) {
            return new Decision(false, 0, 0, null);
        }
        SplittableRandom random = random(request, ADMITTED, admitted);
        // Always draw all three, in this order, so one request's fate does not depend on which branch ran.
        double roll = random.nextDouble();
        List<Fault> faults = conditions.faults();
        Fault drawn = faults.isEmpty() ? null : faults.get(random.nextInt(faults.size()));
        long latency = latency(random);
        boolean eligible = conditions.faultOperations().isEmpty() || conditions.faultOperations().contains(operationId);
        Fault fault = forced != null ? forced : eligible && roll < conditions.faultShare() ? drawn : null;
        return new Decision(false, 0, latency, fault);
    }

    /** -1 when the request is let through, else the Retry-After in seconds. */
    private synchronized long admitOrRetryAfter(Instant now) {
        if (windowEnd == null || !now.isBefore(windowEnd)) {
            windowEnd = now.plus(conditions.rateLimitWindow());
            usedInWindow = 0;
        }
        if (usedInWindow < conditions.maxRequests()) {
            usedInWindow++;
            return -1;
        }
        Duration wait = conditions.retryAfter().orElse(Duration.between(now, windowEnd));
        long seconds = ceilSeconds(wait);
        return conditions.retryAfter().isPresent() ? seconds : Math.max(1, seconds);
    }

    private long latency(SplittableRandom random) {
        long extra = latencyRangeNanos == 0 ? 0 : random.nextLong(latencyRangeNanos + 1);
        return conditions.minLatency().toNanos() + extra;
    }

    /** A generator for the n-th occurrence of this exact request: the same inputs give the same draws. */
    private SplittableRandom random(String request, long salt, Map<String, AtomicLong> occurrences) {
        long occurrence = occurrences.computeIfAbsent(request, k -> new AtomicLong()).incrementAndGet();
        long state = mix(conditions.seed() ^ salt);
        state = mix(state ^ fnv1a(request));
        state = mix(state ^ occurrence);
        return new SplittableRandom(state);
    }

    private static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** FNV-1a over the UTF-16 code units: stable across JVMs, unlike identity hashes. */
    private static long fnv1a(String s) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            hash ^= s.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
