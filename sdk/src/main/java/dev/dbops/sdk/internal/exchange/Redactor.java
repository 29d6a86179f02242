package dev.dbops.sdk.internal.exchange;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Removes API keys from any text that could reach a message, a log line or a stack trace. Keys
 * come from a supplier and may rotate: the last few sent are all removed, so that a message
 * written after a rotation still hides the key the failed request carried.
 */
final class Redactor {

    static final String REDACTED = "[REDACTED]";
    private static final int KEYS_KEPT = 4;

    private final CopyOnWriteArrayList<String> keys = new CopyOnWriteArrayList<>();

    /** A key about to be sent. */
    void remember(String key) {
        if (keys.contains(key)) {
            return;
        }
        synchronized (keys) {
            if (!keys.contains(key)) {
                keys.add(key);
                while (keys.size() > KEYS_KEPT) {
                    keys.remove(0);
                }
            }
        }
    }

    /** The text with every remembered key replaced by {@value #REDACTED}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String safe = text;
        for (String key : keys) {
            safe = safe.replace(key, REDACTED);
        }
        return safe;
    }

    /** Whether the text holds a remembered key. */
    boolean reveals(String text) {
        if (text == null) {
            return false;
        }
        for (String key : keys) {
            if (text.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
