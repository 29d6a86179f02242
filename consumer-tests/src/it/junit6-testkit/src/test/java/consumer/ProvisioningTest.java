package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.testkit.WithDbOpsStandIn;
import org.junit.jupiter.api.Test;

/** The README's test-kit test, as a user writes it. */
@WithDbOpsStandIn
class ProvisioningTest {

    @Test
    void createsASchemaAndReadsItBack(HarnessDbOps dbops) {
        Project project = dbops.project("default", "default_project");

        project.schemas().create("my_db_schema")
                .name("My Database Schema")
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
                .execute();

        assertThat(project.schema("my_db_schema").get().execute().getName()).isEqualTo("My Database Schema");
    }

    @Test
    void getsOneJacksonVersionForAllItsModules() {
        // What the test kit's tree resolved to in our build; without our dependency management a
        // consumer used to get jackson-datatype-jdk8 2.15.2 beside jackson-databind 2.23.0.
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(com.fasterxml.jackson.datatype.jdk8.PackageVersion.VERSION).hasToString(databind);
        assertThat(com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION).hasToString(databind);
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION).hasToString(databind);
    }

    @Test
    void runsOnTheJUnitTheUserChose() {
        // JUnit 6, through junit-bom: not a version some dbops POM put first.
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    }
}
