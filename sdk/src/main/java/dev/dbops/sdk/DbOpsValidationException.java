package dev.dbops.sdk;

/**
 * Input refused before anything was sent: names the field, the offending value's problem and the
 * rule, for example {@code identifier "my-schema" is invalid: must match ^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$}.
 * Client settings that cannot work (no API key, plain http to another host) are refused the same
 * way, with {@link #operation()} {@code configuration}.
 */
public final class DbOpsValidationException extends DbOpsException {

    /** The field that broke the rule. */
    private final String field;
    /** The rule that was broken. */
    private final String rule;

    /**
     * An input refused before sending.
     *
     * @param operation the operation the input was for, or {@code configuration}
     * @param field the field that broke the rule, as the builder or the JSON body names it
     * @param problem what is wrong with the value ("is missing", "has 129 characters")
     * @param rule the rule broken
     */
    public DbOpsValidationException(String operation, String field, String problem, String rule) {
        super(operation, 0, field + " " + problem + ": " + rule, null);
        this.field = field;
        this.rule = rule;
    }

    /**
     * The field that broke the rule, as the builder or the JSON body names it.
     *
     * @return the field, for example {@code identifier}, {@code tags.env} or {@code endpoint}
     */
    public String field() {
        return field;
    }

    /**
     * The rule that was broken.
     *
     * @return the rule in words; the message ends with it
     */
    public String rule() {
        return rule;
    }
}
