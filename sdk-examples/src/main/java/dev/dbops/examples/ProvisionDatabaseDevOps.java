package dev.dbops.examples;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.InstanceRef;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.SchemaRef;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The documentation's Terraform tab in Java: the schema {@code my_db_schema} with its changelog,
 * then the instance {@code my_db_instance} bound to it on branch main; then list, read back and
 * update them, and with {@code --teardown} delete them. Safe to run again: it reads first, then
 * creates or updates, as {@code terraform apply} does.
 */
public final class ProvisionDatabaseDevOps {

    static final String SCHEMA = "my_db_schema";
    static final String INSTANCE = "my_db_instance";

    private ProvisionDatabaseDevOps() {
    }

    public static void main(String[] args) {
        boolean teardown = Arrays.asList(args).contains("--teardown");
        try (ExampleEnvironment env = ExampleEnvironment.open(System.out)) {
            run(env.client(), env.org, env.project, teardown, System.out);
        }
    }

    static void run(HarnessDbOps dbops, String org, String projectId, boolean teardown, PrintStream out) {
        Project project = dbops.project(org, projectId);
        SchemaRef schemaRef = project.schema(SCHEMA);

        // resource "harness_platform_db_schema" "my_schema"
        boolean schemaExists = schemaRef.find().execute().isPresent();
        DbSchema schema = schemaExists
                ? schemaRef.update()
                    .name("My Database Schema")
                    .tags("env:prod", "team:backend")
                    .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
                    .execute()
                : project.schemas().create(SCHEMA)
                    .name("My Database Schema")
                    .tags("env:prod", "team:backend")
                    .changelog(c -> c.connector("cockroachDB").location("changelog.yaml"))
                    .execute();
        out.println((schemaExists ? "Updated" : "Created") + " schema   " + describe(schema));

        // resource "harness_platform_db_instance" "my_instance" (depends_on the schema)
        InstanceRef instanceRef = schemaRef.instance(INSTANCE);
        boolean instanceExists = instanceRef.find().execute().isPresent();
        DbInstance instance = instanceExists
                ? instanceRef.update()
                    .name("My Database Instance").tags("env:prod").branch("main").connector("pg").context("production")
                    .execute()
                : schemaRef.instances().create(INSTANCE)
                    .name("My Database Instance").tags("env:prod").branch("main").connector("pg").context("production")
                    .execute();
        out.println((instanceExists ? "Updated" : "Created") + " instance " + describe(instance));

        Page<DbSchema> schemas = project.schemas().list().page(0);
        out.println("Listed   " + schemas.totalElements().orElse(schemas.items().size()) + " schema(s) in "
                + org + "/" + projectId + ": " + schemas.items().stream().map(DbSchema::getIdentifier)
                .collect(Collectors.joining(", ")));
        out.println("Listed   instances of " + SCHEMA + " tagged env:prod: " + schemaRef.instances().list()
                .withTags("env:prod").stream().map(DbInstance::getIdentifier).collect(Collectors.joining(", ")));

        DbSchema readBack = schemaRef.get().execute();
        out.println("Read     schema   " + readBack.getIdentifier() + ": " + readBack.getInstanceCount()
                + " instance(s), source " + readBack.getSchemaSourceType() + ", updated " + readBack.getUpdated());

        DbInstance updated = instanceRef.update().tags("env:prod", "team:backend").execute();
        out.println("Updated  instance " + updated.getIdentifier() + " tags -> " + tags(updated.getTags()));

        if (teardown) {
            instanceRef.delete().execute();
            schemaRef.delete().execute();
            out.println("Deleted  instance " + INSTANCE + " and schema " + SCHEMA
                    + (schemaRef.find().execute().isEmpty() ? " (gone)" : " (still there!)"));
        }
    }

    private static String describe(DbSchema s) {
        return s.getIdentifier() + " \"" + s.getName() + "\" (" + s.getType() + ", " + s.getMigrationType()
                + ", changelog " + s.getChangelog().getConnector() + ":" + s.getChangelog().getLocation()
                + ", tags " + tags(s.getTags()) + ")";
    }

    private static String describe(DbInstance i) {
        return i.getIdentifier() + " \"" + i.getName() + "\" (schema " + i.getSchemaIdentifier() + ", branch "
                + i.getBranch() + ", connector " + i.getConnector() + ", context " + i.getContext()
                + ", tags " + tags(i.getTags()) + ")";
    }

    static String tags(Map<String, String> tags) {
        return tags == null ? "{}" : new TreeMap<>(tags).toString();
    }
}
