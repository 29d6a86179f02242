package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;

import java.io.PrintStream;
import java.util.Map;

/**
 * The documentation's API tab in Java: the two curl calls, body for body. The documented schema
 * body carries both a git changelog and a changelog script, so it names its type explicitly.
 * Safe to run again: an existing schema or instance is read, not created twice.
 */
public final class ProvisionViaApi {

    private ProvisionViaApi() {
    }

    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.open(System.out)) {
            run(env.client(), env.org, env.project, System.out);
        }
    }

    static void run(HarnessDbOps dbops, String org, String projectId, PrintStream out) {
        Project project = dbops.project(org, projectId);

        // Step 1: POST /v1/orgs/{org}/projects/{project}/dbschema
        DbSchema schema = project.schema("my_db_schema").find().execute().orElseGet(() -> project.schemas()
                .create("my_db_schema")
                .name("My Database Schema")
                .changelogScript(s -> s
                        .command("curl -X -o changeLog.yaml https://www.filestore.com/changeLog.yaml")
                        .image("plugins/image:latest")
                        .location("changelog.yaml")
                        .shell("Sh, Bash, <+pipeline.variables.shell>"))
                .changelog(c -> c.connector("cockroachDB").location("changelog.yaml").repo("changelog.yaml"))
                .liquibase()
                .type(DbSchemaType.REPOSITORY)
                .execute());
        out.println("Schema   " + schema.getIdentifier() + " \"" + schema.getName() + "\": type " + schema.getType()
                + ", source " + schema.getSchemaSourceType() + ", " + schema.getInstanceCount() + " instance(s)");

        // Step 2: POST /v1/orgs/{org}/projects/{project}/dbschema/{dbschema}/instance
        DbInstance instance = project.schema("my_db_schema").instance("customer_db_instance").find().execute()
                .orElseGet(() -> project.schema("my_db_schema").instances()
                        .create("customer_db_instance")
                        .name("Customer DB Instance")
                        .connector("pg")
                        .branch("main")
                        .context("dev")
                        .substituteProperties(Map.of("DB_NAME", "my_db_schema"))
                        .tags(Map.of("env", "dev"))
                        .execute());
        out.println("Instance " + instance.getIdentifier() + " \"" + instance.getName() + "\": branch "
                + instance.getBranch() + ", connector " + instance.getConnector() + ", context "
                + instance.getContext() + ", onboarding " + instance.getToOnboard());
    }
}
