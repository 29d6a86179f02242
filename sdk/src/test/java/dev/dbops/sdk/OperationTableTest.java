package dev.dbops.sdk;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's public {@link Operation} is the document's list of operations, each with its method,
 * and the tests' table ({@link Op}) drives every one of them: an operation added to the document
 * fails here until the SDK and its tests have it.
 */
class OperationTableTest {

    @Test
    void theOperationsAreTheDocumentsWithTheirMethods() {
        Map<String, String> documented = new TreeMap<>();
        SpecExamples.operations().forEach((id, methodAndPath) -> documented.put(id, methodAndPath.split(" ")[0]));
        Map<String, String> declared = new TreeMap<>();
        for (Operation op : Operation.values()) {
            declared.put(op.id(), op.method());
        }
        assertThat(declared).isEqualTo(documented);
    }

    @Test
    void theTestsDriveEveryOperationOnItsDocumentedPath() {
        assertThat(Arrays.stream(Op.values()).map(op -> op.operation)).containsExactlyInAnyOrder(Operation.values());
        for (Op op : Op.values()) {
            String documentedPath = SpecExamples.operations().get(op.operation.id()).split(" ")[1]
                    .replace("{org}", Fixtures.ORG).replace("{project}", Fixtures.PROJECT)
                    .replace("{dbschema}", Fixtures.SCHEMA).replace("{dbinstance}", Fixtures.INSTANCE);
            assertThat(op.path).as(op.name()).isEqualTo(documentedPath);
        }
    }

    @Test
    void onlyTheCreatesAreCreates() {
        assertThat(Arrays.stream(Operation.values()).filter(Operation::isCreate))
                .containsExactlyInAnyOrder(Operation.CREATE_SCHEMA, Operation.CREATE_INSTANCE);
        assertThat(Operation.ofId("getMigrationState")).isEqualTo(Operation.GET_MIGRATION_STATE);
    }
}
