package dev.dbops.sdk.plan;

import dev.dbops.sdk.DbOpsValidationException;
import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading desired-state files: the seed's Terraform shape in JSON and YAML, and errors that name key and line. */
class StateFileTest {

    /** Nothing is sent while loading: the client only makes the builders that check each resource. */
    static final Project PROJECT = HarnessDbOps.builder().apiKey("unused").build().project("default", "default_project");

    static final String SEED_YAML = """
            resource:
              harness_platform_db_schema:
                my_schema:
                  identifier: my_db_schema
                  org_id: default
                  project_id: default_project
                  name: My Database Schema
                  tags: ["env:prod", "team:backend"]
                  schema_source:
                    connector: cockroachDB
                    location: changelog.yaml
              harness_platform_db_instance:
                my_instance:
                  identifier: my_db_instance
                  org_id: default
                  project_id: default_project
                  name: My Database Instance
                  tags: ["env:prod"]
                  schema: my_db_schema
                  branch: main
                  connector: pg
                  context: production
                  depends_on: [harness_platform_db_schema.my_schema]
            """;

    static final String SEED_JSON = """
            {
              "//": "Terraform's JSON syntax ignores keys named //",
              "resource": {
                "harness_platform_db_schema": {
                  "my_schema": {
                    "identifier": "my_db_schema",
                    "org_id": "default",
                    "project_id": "default_project",
                    "name": "My Database Schema",
                    "tags": ["env:prod", "team:backend"],
                    "schema_source": {"connector": "cockroachDB", "location": "changelog.yaml"}
                  }
                },
                "harness_platform_db_instance": {
                  "my_instance": {
                    "identifier": "my_db_instance",
                    "org_id": "default",
                    "project_id": "default_project",
                    "name": "My Database Instance",
                    "tags": ["env:prod"],
                    "schema": "my_db_schema",
                    "branch": "main",
                    "connector": "pg",
                    "context": "production",
                    "depends_on": ["harness_platform_db_schema.my_schema"]
                  }
                }
              }
            }
            """;

    @Test
    void readsTheSeedsTerraformTabFromYaml() {
        DesiredState state = read(SEED_YAML, "state.yaml");

        assertThat(state.project()).isSameAs(PROJECT);
        assertThat(state.schemas()).hasSize(1);
        DesiredState.Schema schema = state.schemas().get(0);
        assertThat(schema.name()).isEqualTo("my_schema");
        DbSchemaCreate body = schema.body();
        assertThat(body.getIdentifier()).isEqualTo("my_db_schema");
        assertThat(body.getName()).isEqualTo("My Database Schema");
        assertThat(body.getTags()).isEqualTo(Map.of("env", "prod", "team", "backend"));
        assertThat(body.getType()).isEqualTo(DbSchemaType.REPOSITORY);
        assertThat(body.getChangelog().getConnector()).isEqualTo("cockroachDB");
        assertThat(body.getChangelog().getLocation()).isEqualTo("changelog.yaml");
        assertThat(body.getMigrationType()).as("left out: not managed").isNull();

        assertThat(state.warnings()).isEmpty();
        assertThat(schema.instances()).hasSize(1);
        assertThat(schema.instances().get(0).name()).isEqualTo("my_instance");
        DbInstanceCreate instance = schema.instances().get(0).body();
        assertThat(instance.getIdentifier()).isEqualTo("my_db_instance");
        assertThat(instance.getName()).isEqualTo("My Database Instance");
        assertThat(instance.getTags()).isEqualTo(Map.of("env", "prod"));
        assertThat(instance.getBranch()).isEqualTo("main");
        assertThat(instance.getConnector()).isEqualTo("pg");
        assertThat(instance.getContext()).isEqualTo("production");
    }

    @Test
    void jsonAndYamlOfTheSameResourcesGiveTheSameBodies() {
        DesiredState yaml = read(SEED_YAML, "state.yml");
        DesiredState json = read(SEED_JSON, "state.tf.json");
        assertThat(json.schemas().get(0).body()).isEqualTo(yaml.schemas().get(0).body());
        assertThat(json.schemas().get(0).instances()).isEqualTo(yaml.schemas().get(0).instances());
    }

    @Test
    void loadsFromAPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, SEED_JSON);
        assertThat(DesiredState.load(file, PROJECT).schemas().get(0).identifier()).isEqualTo("my_db_schema");
    }

    @Test
    void scriptSourcesAndEveryOptionalArgumentAreRead() {
        DesiredState state = read("""
                {"resource": {"harness_platform_db_schema": {"s": {
                  "identifier": "scripted", "name": "Scripted", "type": "Script", "migration_type": "Flyway",
                  "service": "orders", "use_percona": true,
                  "changelog_script": {"image": "alpine", "command": "fetch", "shell": "sh", "location": "db/", "toml": "x=1"}
                }}, "harness_platform_db_instance": {"i": {
                  "identifier": "i", "name": "I", "schema": "scripted", "git_tag": "v1.0", "connector": "pg",
                  "substitute_properties": {"DB_NAME": "orders"}
                }}}}
                """, "s.json");
        DbSchemaCreate schema = state.schemas().get(0).body();
        assertThat(schema.getType()).isEqualTo(DbSchemaType.SCRIPT);
        assertThat(schema.getMigrationType().getValue()).isEqualTo("Flyway");
        assertThat(schema.getService()).isEqualTo("orders");
        assertThat(schema.getUsePercona()).isTrue();
        assertThat(schema.getChangeLogScript().getToml()).isEqualTo("x=1");
        DbInstanceCreate instance = state.schemas().get(0).instances().get(0).body();
        assertThat(instance.getGitTag()).isEqualTo("v1.0");
        assertThat(instance.getSubstituteProperties()).isEqualTo(Map.of("DB_NAME", "orders"));
    }

    // ---- errors name the key and the line ----

    @Test
    void anUnknownKeyIsAnErrorNamingKeyAndLine() {
        String yaml = SEED_YAML.replace("      branch: main", "      brnch: main");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "brnch"));
        assertThat(e.key()).isEqualTo("resource.harness_platform_db_instance.my_instance.brnch");
        assertThat(e.getMessage()).startsWith("state.yaml:" + e.line() + ": ")
                .contains("unknown key \"brnch\"", "branch, commit_sha");
    }

    @Test
    void anUnknownKeyInANestedBlockOfAJsonFileNamesItsLine() {
        String json = SEED_JSON.replace("\"location\": \"changelog.yaml\"}", "\"location\": \"changelog.yaml\",\n \"path\": \"x\"}");
        StateFileException e = readFails(json, "state.json");
        assertThat(e.line()).isEqualTo(lineOf(json, "\"path\""));
        assertThat(e.key()).isEqualTo("resource.harness_platform_db_schema.my_schema.schema_source.path");
        assertThat(e.getMessage()).contains("unknown key \"path\"", "schema_source takes archive_path, connector, location");
    }

    @Test
    void topLevelBlocksThatChangeTheMeaningAreRefused() {
        String json = "{\n  \"variable\": {\"env\": {}},\n  \"resource\": {}\n}";
        StateFileException e = readFails(json, "state.json");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("unknown key \"variable\"");
    }

    @Test
    void anUnknownResourceTypeIsRefused() {
        String yaml = SEED_YAML.replace("harness_platform_db_instance:", "harness_platform_connector_jdbc:");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "harness_platform_connector_jdbc"));
        assertThat(e.getMessage()).contains("unknown key \"harness_platform_connector_jdbc\"");
    }

    @Test
    void aValueOfTheWrongTypeNamesKeyLineAndTheExpectedType() {
        String yaml = SEED_YAML.replace("tags: [\"env:prod\"]", "tags: env:prod");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "tags: env:prod"));
        assertThat(e.key()).isEqualTo("resource.harness_platform_db_instance.my_instance.tags");
        assertThat(e.getMessage()).contains("is a string: it must be a list of strings");
    }

    @Test
    void anUnquotedYamlNumberIsTakenAsItsTextWithAWarning() {
        String yaml = SEED_YAML.replace("branch: main", "git_tag: 1.10");
        DesiredState state = read(yaml, "state.yaml");
        assertThat(state.instances().get(0).body().getGitTag()).as("the text as written, not 1.1").isEqualTo("1.10");
        assertThat(state.warnings()).containsExactly("state.yaml:" + lineOf(yaml, "git_tag") + ": resource."
                + "harness_platform_db_instance.my_instance.git_tag: is a number (1.10): used as the string \"1.10\" "
                + "(quote it to say so)");
    }

    @Test
    void aBrokenBuilderRuleIsReportedAtTheKeysLineWithTheRule() {
        String yaml = SEED_YAML.replace("identifier: my_db_schema", "identifier: my-db-schema")
                .replace("schema: my_db_schema", "schema: my-db-schema");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "identifier: my-db-schema"));
        assertThat(e.key()).isEqualTo("resource.harness_platform_db_schema.my_schema.identifier");
        assertThat(e.getMessage()).contains("\"my-db-schema\" is invalid", "^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$");
        assertThat(e.getCause()).isInstanceOf(DbOpsValidationException.class);
    }

    @Test
    void twoRevisionsAreRefusedAtTheFirstOnesLine() {
        String yaml = SEED_YAML.replace("      branch: main", "      branch: main\n      git_tag: v1");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "branch: main"));
        assertThat(e.getMessage()).contains("at most one of branch, commitSha and gitTag");
    }

    @Test
    void aMissingNameIsReportedAtTheResource() {
        String yaml = SEED_YAML.replace("      name: My Database Schema\n", "");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "my_schema:"));
        assertThat(e.getMessage()).contains("name is missing: a name is required");
    }

    @Test
    void dependsOnMustNameTheInstancesOwnSchemaResource() {
        String yaml = SEED_YAML.replace("depends_on: [harness_platform_db_schema.my_schema]",
                "depends_on:\n        - harness_platform_db_schema.nope");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "- harness_platform_db_schema.nope"));
        assertThat(e.key()).isEqualTo("resource.harness_platform_db_instance.my_instance.depends_on[0]");
    }

    @Test
    void anotherProjectsResourcesAreRefused() {
        String yaml = SEED_YAML.replaceFirst("project_id: default_project", "project_id: other_project");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "project_id: other_project"));
        assertThat(e.getMessage()).contains("not the project this state is planned in (default/default_project)");
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        String yaml = SEED_YAML.replace("      context: production", "      context: production\n      context: staging");
        StateFileException e = readFails(yaml, "state.yaml");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "context: staging"));
        assertThat(e.getMessage()).contains("duplicate key (first at line " + lineOf(yaml, "context: production") + ")");
    }

    @Test
    void twoResourcesWithOneIdentifierAreRefused() {
        String json = "{\"resource\": {\"harness_platform_db_schema\": {\n"
                + "\"a\": {\"identifier\": \"s\", \"name\": \"A\", \"schema_source\": {\"connector\": \"c\", \"location\": \"l\"}},\n"
                + "\"b\": {\"identifier\": \"s\", \"name\": \"B\", \"schema_source\": {\"connector\": \"c\", \"location\": \"l\"}}}}}";
        StateFileException e = readFails(json, "state.json");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("schema \"s\" is already declared by resource.harness_platform_db_schema.a (line 2)");
    }

    @Test
    void aSyntaxErrorNamesTheParsersLine() {
        StateFileException e = readFails("{\n  \"resource\": {\n    \"harness_platform_db_schema\": ,\n  }\n}", "state.json");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("is not valid JSON");
    }

    @Test
    void anUnknownExtensionIsRefused() {
        assertThatThrownBy(() -> read(SEED_JSON, "state.tf"))
                .isInstanceOf(StateFileException.class).hasMessageContaining("name it .json, or .yaml/.yml");
    }

    // ---- the Java declaration checks the same rules ----

    @Test
    void theJavaBuilderChecksEachResourceAsItsCreateBuilderDoes() {
        assertThatThrownBy(() -> DesiredState.builder(PROJECT)
                .schema("s", s -> s.name("S").changelog(c -> c.connector("c"))))
                .isInstanceOf(DbOpsValidationException.class)
                .satisfies(e -> assertThat(((DbOpsValidationException) e).field()).isEqualTo("changelog.location"));
    }

    private static DesiredState read(String text, String name) {
        return DesiredState.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name, PROJECT);
    }

    private static StateFileException readFails(String text, String name) {
        try {
            read(text, name);
        } catch (StateFileException e) {
            return e;
        }
        throw new AssertionError("expected a StateFileException reading " + name);
    }

    /** The 1-based line of the first line containing the text. */
    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }
}
