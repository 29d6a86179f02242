package dev.dbops.sdk.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbInstanceUpdate;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaUpdate;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The update body that moves a resource to its declared state: the declared values of the fields
 * that differ, taken from the create body by their API names (the two bodies name them alike), so
 * that no field is copied by hand.
 */
final class UpdateBodies {

    private static final ObjectMapper JSON = DbOpsJson.mapper();
    /** Whole values: left out of a declaration means none, so a change to nothing is sent as {}. */
    private static final Set<String> WHOLE_MAPS = Set.of("tags", "substituteProperties");

    private UpdateBodies() {
    }

    /** The changed fields; a changed changelog or script is sent whole, with the declared type. */
    static DbSchemaUpdate schema(DbSchemaCreate desired, Set<String> changed) {
        Set<String> fields = new LinkedHashSet<>(changed);
        if (fields.contains("changelog") || fields.contains("changeLogScript") || fields.contains("type")) {
            fields.add("type");
        }
        return only(desired, fields, DbSchemaUpdate.class);
    }

    /** The changed fields; one revision (branch, commitSha or gitTag) replaces whichever was tracked. */
    static DbInstanceUpdate instance(DbInstanceCreate desired, Set<String> changed) {
        return only(desired, changed, DbInstanceUpdate.class);
    }

    private static <U> U only(Object desired, Set<String> fields, Class<U> updateType) {
        ObjectNode declared = JSON.valueToTree(desired);
        ObjectNode update = JSON.createObjectNode();
        for (String field : fields) {
            JsonNode value = declared.get(field);
            if (value == null && WHOLE_MAPS.contains(field)) {
                value = JSON.createObjectNode();
            }
            if (value != null) {
                update.set(field, value);
            }
        }
        try {
            return JSON.treeToValue(update, updateType);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an update body of " + fields + " could not be made", e);
        }
    }
}
