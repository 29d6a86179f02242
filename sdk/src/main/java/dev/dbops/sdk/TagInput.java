package dev.dbops.sdk;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags as the builders take them: Terraform's {@code "key:value"} strings, a map, or one by one. */
final class TagInput {

    private final String op;
    private final String field;
    private Map<String, String> tags;

    TagInput(String op, String field) {
        this.op = op;
        this.field = field;
    }

    void replace(String... keyValues) {
        Validation.notNull(op, field, keyValues);
        tags = Validation.parseTags(op, field, Arrays.asList(keyValues));
    }

    void replace(Map<String, String> map) {
        Validation.notNull(op, field, map);
        tags = new LinkedHashMap<>(map);
    }

    void add(String key, String value) {
        Validation.notNull(op, field + " key", key);
        Validation.notNull(op, field + "." + key, value);
        if (tags == null) {
            tags = new LinkedHashMap<>();
        }
        tags.put(key, value);
    }

    /** The tags to send, checked; null when none were given. */
    Map<String, String> value() {
        Validation.tags(op, field, tags);
        return tags == null ? null : new LinkedHashMap<>(tags);
    }

    boolean isSet() {
        return tags != null;
    }
}
