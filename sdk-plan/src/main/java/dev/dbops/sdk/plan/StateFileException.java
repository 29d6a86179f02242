package dev.dbops.sdk.plan;

/**
 * A desired-state file that cannot be used: names the file, the line and the key, for example
 * {@code state.yaml:14: resource.harness_platform_db_instance.my_instance.brnch: unknown key ...}.
 * Thrown before anything is read from or sent to the service.
 */
public final class StateFileException extends IllegalArgumentException {

    /** The file (or stream name) that was read. */
    private final String source;
    /** The 1-based line of the problem, or 0. */
    private final int line;
    /** The dotted path of the offending key, or null. */
    private final String key;

    StateFileException(String source, int line, String key, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + (key == null ? "" : key + ": ") + problem, cause);
        this.source = source;
        this.line = line;
        this.key = key;
    }

    /** {@return the file (or stream name) that was read} */
    public String source() {
        return source;
    }

    /** {@return the 1-based line of the offending key or value, or 0 when the problem has no line} */
    public int line() {
        return line;
    }

    /** {@return the dotted path of the offending key, for example {@code resource.harness_platform_db_schema.s.tags}} */
    public String key() {
        return key;
    }
}
