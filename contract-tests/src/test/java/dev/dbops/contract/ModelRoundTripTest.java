package dev.dbops.contract;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.DbOpsJson;
import dev.dbops.sdk.testkit.OpenApiDocument;
import dev.dbops.sdk.testkit.OpenApiDocument.NamedExample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every named example survives JSON → generated model → JSON unchanged: no field lost, added or
 * renamed. A field the server adds later is ignored on the way in, never a crash.
 */
class ModelRoundTripTest {

    static final OpenApiDocument SPEC = OpenApiDocument.load();
    static final ObjectMapper MAPPER = DbOpsJson.mapper();

    @TestFactory
    Stream<DynamicTest> everyExampleRoundTripsThroughTheGeneratedModel() {
        return typedExamples().stream().map(t -> DynamicTest.dynamicTest(t.label(), () -> {
            Object model = MAPPER.readValue(t.example().value().toString(), t.type());
            JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(model));
            assertThat(written).isEqualTo(t.example().value());
        }));
    }

    @TestFactory
    Stream<DynamicTest> unknownResponseFieldsAreIgnored() {
        return typedExamples().stream().filter(TypedExample::response).map(t -> DynamicTest.dynamicTest(t.label(), () -> {
            JsonNode withExtra = t.example().value().deepCopy();
            addUnknownField(withExtra);
            Object model = MAPPER.readValue(withExtra.toString(), t.type());
            JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(model));
            assertThat(written).isEqualTo(t.example().value());
        }));
    }

    private static void addUnknownField(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.putObject("fieldFromANewerServer").put("nested", true);
        } else if (node.isArray()) {
            node.forEach(ModelRoundTripTest::addUnknownField);
        }
    }

    record TypedExample(String label, NamedExample example, JavaType type, boolean response) {
    }

    private static List<TypedExample> typedExamples() {
        List<TypedExample> all = new ArrayList<>();
        for (OpenApiDocument.Operation op : SPEC.operations()) {
            op.requestSchema().ifPresent(schema -> op.requestExamples().values().forEach(e ->
                    all.add(new TypedExample(op.id() + " request " + e.key(), e, javaType(schema), false))));
            op.responses().values().forEach(r -> r.schema().ifPresent(schema -> r.examples().values().forEach(e ->
                    all.add(new TypedExample(op.id() + " " + r.status() + " " + e.key(), e, javaType(schema), true)))));
        }
        assertThat(all).hasSizeGreaterThan(20);
        return all;
    }

    private static JavaType javaType(String schema) {
        try {
            if (schema.endsWith("[]")) {
                Class<?> item = Class.forName("dev.dbops.sdk.model." + schema.substring(0, schema.length() - 2));
                return MAPPER.getTypeFactory().constructCollectionType(List.class, item);
            }
            return MAPPER.getTypeFactory().constructType(Class.forName("dev.dbops.sdk.model." + schema));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("The generator made no model for schema " + schema, e);
        }
    }
}
