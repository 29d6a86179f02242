package dev.dbops.contract;

import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.PactDslJsonArray;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * A spec example as a Pact response body with a type matcher on every value: the provider must
 * answer the same fields with values of the same JSON type, but may answer other values, and may
 * add fields (Pact ignores unexpected response fields), so a new server field does not break users.
 * A list page may hold any number of items, each like the example's.
 */
final class PactBodies {

    private PactBodies() {
    }

    static DslPart typeMatched(JsonNode example) {
        if (example.isObject()) {
            PactDslJsonBody body = new PactDslJsonBody();
            object(body, example);
            return body;
        }
        if (example.isArray() && !example.isEmpty() && allObjects(example)) {
            // A page: any number of items (at least one) like the example's. With the example's
            // items pinned one by one, a provider answering three schemas where the example shows
            // two failed verification. The template is what every example item has, so that a
            // provider's item of either documented kind (Git or Script source, say) matches it.
            PactDslJsonBody item = PactDslJsonArray.arrayMinLike(1, example.size());
            object(item, common(example));
            return item.closeObject();
        }
        if (example.isArray()) {
            PactDslJsonArray array = new PactDslJsonArray();
            array(array, example);
            return array;
        }
        throw new IllegalArgumentException("A response example must be a JSON object or array: " + example);
    }

    /** The JSON the Pact mock server answers for a response built by {@link #typeMatched}. */
    static JsonNode served(JsonNode example) {
        try {
            return Contract.MAPPER.readTree(typeMatched(example).getBody().serialise());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** The fields (recursively) that every item has with the same JSON type, valued as in the first. */
    static ObjectNode common(JsonNode items) {
        ObjectNode template = items.get(0).deepCopy();
        for (JsonNode item : items) {
            keepShared(template, item);
        }
        return template;
    }

    private static void keepShared(ObjectNode template, JsonNode other) {
        Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode theirs = other.get(field.getKey());
            if (theirs == null || theirs.getNodeType() != field.getValue().getNodeType()) {
                fields.remove();
            } else if (theirs.isObject()) {
                keepShared((ObjectNode) field.getValue(), theirs);
            }
        }
    }

    private static void object(PactDslJsonBody body, JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                body.stringType(name, value.textValue());
            } else if (value.isIntegralNumber()) {
                body.integerType(name, value.longValue());
            } else if (value.isNumber()) {
                body.decimalType(name, value.decimalValue());
            } else if (value.isBoolean()) {
                body.booleanType(name, value.booleanValue());
            } else if (value.isNull()) {
                body.nullValue(name);
            } else if (value.isObject()) {
                PactDslJsonBody child = body.object(name);
                object(child, value);
                child.closeObject();
            } else if (value.isArray()) {
                PactDslJsonArray child = body.array(name);
                array(child, value);
                child.closeArray();
            }
        }
    }

    private static void array(PactDslJsonArray array, JsonNode node) {
        for (JsonNode value : node) {
            if (value.isTextual()) {
                array.stringType(value.textValue());
            } else if (value.isIntegralNumber()) {
                array.integerType(value.longValue());
            } else if (value.isNumber()) {
                array.decimalType(value.decimalValue());
            } else if (value.isBoolean()) {
                array.booleanType(value.booleanValue());
            } else if (value.isNull()) {
                array.nullValue();
            } else if (value.isObject()) {
                PactDslJsonBody child = array.object();
                object(child, value);
                child.closeObject();
            } else if (value.isArray()) {
                PactDslJsonArray child = array.array();
                array(child, value);
                child.closeArray();
            }
        }
    }
}
