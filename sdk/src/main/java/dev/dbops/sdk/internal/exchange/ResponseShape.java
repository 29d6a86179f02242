package dev.dbops.sdk.internal.exchange;

import dev.dbops.sdk.Operation;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.MigrationStateOut;
import dev.dbops.sdk.model.ProjectOverview;

import java.util.List;

/**
 * Whether a success body is what the operation returns. Jackson reads an empty body, {@code null},
 * or an error object such as {@code {"message":"Token expired"}} as null or as a model whose
 * every field is null; a caller given that would read nonsense, and a list with a null item broke
 * paging. Such a body is reported as malformed instead.
 */
final class ResponseShape {

    private ResponseShape() {
    }

    /** Why the body is not the operation's model, or null when it is. */
    static String problem(Operation op, Object body) {
        String noun = noun(op);
        if (body == null) {
            return "without the JSON body the operation returns (" + noun + ")";
        }
        if (body instanceof List<?> items) {
            for (Object item : items) {
                if (item == null) {
                    return "but the list holds a null item";
                }
                if (!identified(item)) {
                    return "but a list item has no identifier: the body is not " + noun;
                }
            }
            return null;
        }
        if (body instanceof MigrationStateOut state) {
            return state.getSchema() != null ? null : "but the body has no schema: it is not " + noun + " (an error object?)";
        }
        if (body instanceof ProjectOverview overview) {
            return overview.getDbSchemaCount() != null && overview.getDbInstanceCount() != null ? null
                    : "but the body has no counts: it is not " + noun + " (an error object?)";
        }
        return identified(body) ? null : "but the body has no identifier: it is not " + noun + " (an error object?)";
    }

    private static boolean identified(Object model) {
        if (model instanceof DbSchema schema) {
            return schema.getIdentifier() != null;
        }
        if (model instanceof DbInstance instance) {
            return instance.getIdentifier() != null;
        }
        return true;
    }

    private static String noun(Operation op) {
        return switch (op) {
            case LIST_SCHEMAS -> "a page of schemas";
            case LIST_INSTANCES -> "a page of instances";
            case CREATE_SCHEMA, GET_SCHEMA, UPDATE_SCHEMA -> "a schema";
            case CREATE_INSTANCE, GET_INSTANCE, UPDATE_INSTANCE -> "an instance";
            case GET_MIGRATION_STATE -> "a migration state";
            case GET_PROJECT_OVERVIEW -> "a project overview";
            default -> "a body";
        };
    }
}
