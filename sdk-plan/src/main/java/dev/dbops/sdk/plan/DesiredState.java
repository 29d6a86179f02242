package dev.dbops.sdk.plan;

import dev.dbops.sdk.CreateInstance;
import dev.dbops.sdk.CreateSchema;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstanceCreate;
import dev.dbops.sdk.model.DbSchemaCreate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The schemas and instances one project should have, as Terraform's two resources declare them.
 * Declare it with the builders' own vocabulary ({@link #builder(Project)}) or load it from a file in
 * Terraform's JSON shape ({@link #load(Path, Project)}); then {@link Provisioner#plan(DesiredState)}.
 *
 * @param project  the project the state is planned and applied in
 * @param schemas  the declared schemas, each with its declared instances, in declaration order
 */
public record DesiredState(Project project, List<Schema> schemas) {

    /** Terraform's resource types, used in plan addresses and in state files. */
    public static final String SCHEMA_TYPE = "harness_platform_db_schema";
    public static final String INSTANCE_TYPE = "harness_platform_db_instance";

    public DesiredState {
        Objects.requireNonNull(project, "project");
        schemas = List.copyOf(schemas);
    }

    /**
     * One declared schema: the checked create body and the instances bound to it.
     *
     * @param name the resource name in plan addresses (the file's, or the identifier when declared in Java)
     */
    public record Schema(String name, DbSchemaCreate body, List<Instance> instances) {
        public Schema {
            instances = List.copyOf(instances);
        }

        /** The schema identifier. */
        public String identifier() {
            return body.getIdentifier();
        }
    }

    /**
     * One declared instance: the checked create body.
     *
     * @param name the resource name in plan addresses (the file's, or the identifier when declared in Java)
     */
    public record Instance(String name, DbInstanceCreate body) {
        /** The instance identifier. */
        public String identifier() {
            return body.getIdentifier();
        }
    }

    /** A builder declaring resources of this project with the same calls as {@code create(...)}. */
    public static Builder builder(Project project) {
        return new Builder(project);
    }

    /**
     * Reads a file in Terraform's JSON configuration shape ({@code .json}, or {@code .yaml}/{@code .yml}
     * when jackson-dataformat-yaml is on the classpath). Every value goes through the same checks as
     * the builders; any problem is a {@link StateFileException} naming the key and line.
     */
    public static DesiredState load(Path file, Project project) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), project);
        } catch (IOException e) {
            throw new StateFileException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** As {@link #load(Path, Project)}, from a stream; {@code sourceName}'s extension picks JSON or YAML. */
    public static DesiredState read(InputStream in, String sourceName, Project project) {
        return StateFile.read(in, sourceName, project);
    }

    /** The declared schema with this identifier, if any. */
    public Optional<Schema> schema(String identifier) {
        return schemas.stream().filter(s -> s.identifier().equals(identifier)).findFirst();
    }

    /**
     * Declares schemas and their instances. Each resource is configured on the real
     * {@link CreateSchema}/{@link CreateInstance} builder and checked by its {@code toRequestBody()}
     * at once, so a mistake fails here, naming the field, and not half-way through an apply.
     *
     * <pre>{@code
     * DesiredState desired = DesiredState.builder(project)
     *     .schema("my_db_schema", s -> s.name("My Database Schema").tags("env:prod")
     *         .changelog(c -> c.connector("cockroachDB").location("changelog.yaml")))
     *     .instance("my_db_schema", "my_db_instance", i -> i.name("My Database Instance")
     *         .branch("main").connector("pg").context("production"))
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        private final Project project;
        private final Map<String, String> schemaNames = new LinkedHashMap<>();
        private final Map<String, DbSchemaCreate> schemas = new LinkedHashMap<>();
        private final Map<String, Map<String, Instance>> instances = new LinkedHashMap<>();

        private Builder(Project project) {
            this.project = Objects.requireNonNull(project, "project");
        }

        /** Declares a schema, configured as {@code project.schemas().create(identifier)} would be. */
        public Builder schema(String identifier, Consumer<CreateSchema> configure) {
            return schema(identifier, identifier, configure);
        }

        /**
         * Declares an instance of a schema declared in this state (before or after it), configured as
         * {@code project.schema(schema).instances().create(identifier)} would be.
         */
        public Builder instance(String schema, String identifier, Consumer<CreateInstance> configure) {
            return instance(identifier, schema, identifier, configure);
        }

        Builder schema(String name, String identifier, Consumer<CreateSchema> configure) {
            Objects.requireNonNull(configure, "configure");
            CreateSchema create = project.schemas().create(identifier);
            configure.accept(create);
            DbSchemaCreate body = create.toRequestBody();
            if (schemas.containsKey(identifier)) {
                throw new IllegalArgumentException("schema " + identifier + " is declared twice: a schema identifier "
                        + "is unique in a project, so declare it once");
            }
            schemaNames.put(identifier, name);
            schemas.put(identifier, body);
            return this;
        }

        Builder instance(String name, String schema, String identifier, Consumer<CreateInstance> configure) {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(configure, "configure");
            CreateInstance create = project.schema(schema).instances().create(identifier);
            configure.accept(create);
            DbInstanceCreate body = create.toRequestBody();
            Map<String, Instance> ofSchema = instances.computeIfAbsent(schema, s -> new LinkedHashMap<>());
            if (ofSchema.containsKey(identifier)) {
                throw new IllegalArgumentException("instance " + schema + "/" + identifier + " is declared twice: an "
                        + "instance identifier is unique in its schema, so declare it once");
            }
            ofSchema.put(identifier, new Instance(name, body));
            return this;
        }

        /** The state; fails when an instance names a schema this state does not declare. */
        public DesiredState build() {
            for (Map.Entry<String, Map<String, Instance>> entry : instances.entrySet()) {
                if (!schemas.containsKey(entry.getKey())) {
                    String first = entry.getValue().keySet().iterator().next();
                    throw new IllegalArgumentException("instance " + entry.getKey() + "/" + first + ": schema \""
                            + entry.getKey() + "\" is not declared in this state: an instance is planned with its "
                            + "schema, so declare the schema too");
                }
            }
            List<Schema> declared = new ArrayList<>();
            schemas.forEach((id, body) -> declared.add(new Schema(schemaNames.get(id), body,
                    new ArrayList<>(instances.getOrDefault(id, Map.of()).values()))));
            return new DesiredState(project, declared);
        }
    }
}
