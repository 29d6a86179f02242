package dev.dbops.sdk;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The service's input rules, checked before anything is sent. Each failure names the field, what is
 * wrong with the value and the rule (the same rules the OpenAPI document states).
 */
final class Validation {

    static final String IDENTIFIER_RULE = "must match ^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$ "
            + "(a letter or _ first, then letters, digits, _ or $; at most 128 characters)";
    static final Pattern IDENTIFIER = Pattern.compile("^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$");
    static final int MAX_NAME = 128;
    static final int MAX_TAGS = 128;
    static final int MAX_TAG_VALUE = 128;
    static final int MAX_PAGE_SIZE = 100;

    private Validation() {
    }

    static DbOpsValidationException invalid(String op, String field, String problem, String rule) {
        return new DbOpsValidationException(op, field, problem, rule);
    }

    static void identifier(String op, String field, String value) {
        if (value == null) {
            throw invalid(op, field, "is missing", "an identifier is required");
        }
        if (value.isEmpty()) {
            throw invalid(op, field, "is empty", IDENTIFIER_RULE);
        }
        if (value.length() > 128) {
            throw invalid(op, field, "has " + value.length() + " characters", IDENTIFIER_RULE);
        }
        if (!isIdentifier(value)) {
            throw invalid(op, field, quote(value) + " is invalid", IDENTIFIER_RULE);
        }
        if (value.equals("overview")) {
            throw invalid(op, field, "\"overview\" is reserved", "the service refuses the identifier overview");
        }
    }

    /**
     * {@code IDENTIFIER.matcher(value).matches()} without a Matcher: this runs on every call, for
     * every identifier in the path. {@code IdentifierRuleTest} holds the two to the same answers.
     */
    static boolean isIdentifier(String value) {
        int n = value.length();
        if (n == 0 || n > 128) {
            return false;
        }
        char first = value.charAt(0);
        if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = value.charAt(i);
            if (!(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    static void scope(String op, String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(op, field, value == null ? "is missing" : "is blank",
                    "an organization and a project identifier are required");
        }
    }

    static void name(String op, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw invalid(op, field, "is missing", "a name is required");
            }
            return;
        }
        if (value.isBlank()) {
            throw invalid(op, field, "is blank", "a name must have 1 to " + MAX_NAME + " characters");
        }
        if (value.length() > MAX_NAME) {
            throw invalid(op, field, "has " + value.length() + " characters",
                    "a name must have at most " + MAX_NAME + " characters");
        }
    }

    static void notBlank(String op, String field, String value, String rule) {
        if (value == null) {
            throw invalid(op, field, "is missing", rule);
        }
        if (value.isBlank()) {
            throw invalid(op, field, "is empty", rule);
        }
    }

    /** A value the service refuses when empty, but that may be left out. */
    static void notEmptyWhenGiven(String op, String field, String value) {
        if (value != null && value.isEmpty()) {
            throw invalid(op, field, "is empty", "leave it out, or give a non-empty value (the service refuses \"\")");
        }
    }

    static void tags(String op, String field, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid(op, field, "has " + tags.size() + " entries", "at most " + MAX_TAGS + " tags");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isBlank()) {
                throw invalid(op, field, "has an empty key", "every tag needs a key");
            }
            if (tag.getValue() == null) {
                throw invalid(op, field + "." + tag.getKey(), "is null", "a tag value is a string (\"\" for none)");
            }
            if (tag.getValue().length() > MAX_TAG_VALUE) {
                throw invalid(op, field + "." + tag.getKey(), "has " + tag.getValue().length() + " characters",
                        "a tag value has at most " + MAX_TAG_VALUE + " characters");
            }
        }
    }

    /**
     * Terraform's tag strings: {@code "key:value"}, or a bare {@code "key"} for an empty value. The
     * value may itself contain colons; the key may not be empty.
     */
    static Map<String, String> parseTags(String op, String field, Collection<String> tags) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String tag : tags) {
            if (tag == null || tag.isBlank()) {
                throw invalid(op, field, "has an empty tag", "tags are \"key:value\" or \"key\"");
            }
            int colon = tag.indexOf(':');
            String key = colon < 0 ? tag : tag.substring(0, colon);
            String value = colon < 0 ? "" : tag.substring(colon + 1);
            if (key.isBlank()) {
                throw invalid(op, field, "has " + quote(tag) + " with no key", "tags are \"key:value\" or \"key\"");
            }
            parsed.put(key.strip(), value.strip());
        }
        return parsed;
    }

    static void properties(String op, String field, Map<String, String> properties) {
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (p.getKey() == null || p.getKey().isBlank()) {
                throw invalid(op, field, "has an empty key", "every property needs a name");
            }
            if (p.getValue() == null) {
                throw invalid(op, field + "." + p.getKey(), "is null", "a property value is a string");
            }
        }
    }

    static void pageSize(String op, int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw invalid(op, "limit", "is " + limit, "a page holds 1 to " + MAX_PAGE_SIZE + " items");
        }
    }

    static void pageNumber(String op, int page) {
        if (page < 0) {
            throw invalid(op, "page", "is " + page, "pages are numbered from 0");
        }
    }

    static java.time.Duration timeout(String op, String field, java.time.Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(op, field, "is " + value, "a timeout must be a positive duration");
        }
        return value;
    }

    /** A builder's argument: null is refused at once, naming the field. */
    static <V> V notNull(String op, String field, V value) {
        if (value == null) {
            throw invalid(op, field, "is null", "give a value, or leave the setter out");
        }
        return value;
    }

    static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "\"" + shown + "\"";
    }
}
