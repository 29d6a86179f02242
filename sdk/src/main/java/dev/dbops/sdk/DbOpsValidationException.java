package dev.dbops.sdk;

/**
 * Input refused before anything was sent: names the field, the offending value's problem and the
 * rule, for example {@code identifier "my-schema" is invalid: must match ^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$}.
 */
public final class DbOpsValidationException extends DbOpsException {

    private final String field;
    private final String rule;

    DbOpsValidationException(String operation, String field, String problem, String rule) {
        super(operation, 0, field + " " + problem + ": " + rule, null);
        this.field = field;
        this.rule = rule;
    }

    /** The field that broke the rule, as the builder or the JSON body names it. */
    public String field() {
        return field;
    }

    /** The rule that was broken. */
    public String rule() {
        return rule;
    }
}
