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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The schemas and instances one project should have, as Terraform's two resources declare them.
 * Declare it with the builders' own vocabulary ({@link #builder(Project)}) or load it from a file in
 * Terraform's JSON shape ({@link #load(Path, Project)}); then plan it with a {@link Provisioner}.
 *
 * <p>An instance may belong to a schema this state does not declare (Terraform's
 * {@code schema = "schema1"}): the schema must then exist, and the plan uses it as it is.
 *
 * <p>What the configuration manages is recorded in a {@link ManagedResources} file beside it
 * ({@link #managedResourcesFile()}): a resource removed from the configuration is deleted only if
 * that record says the configuration managed it.
 */
public final class DesiredState {

    /** Terraform's resource type of a schema, used in plan addresses and configuration files. */
    public static final String SCHEMA_TYPE = "harness_platform_db_schema";
    /** Terraform's resource type of an instance. */
    public static final String INSTANCE_TYPE = "harness_platform_db_instance";

    private final Project project;
    private final List<Schema> schemas;
    private final List<Instance> instances;
    private final Path managedResourcesFile;
    private final List<String> warnings;
    // Plans look resources up by identifier once per resource: a list scan each time is quadratic.
    private final Map<String, Schema> schemaIndex = new HashMap<>();
    private final Map<String, Instance> instanceIndex = new HashMap<>();
    private final Set<String> referenced = new LinkedHashSet<>();

    private DesiredState(Project project, List<Schema> schemas, List<Instance> instances, Path managedResourcesFile,
                         List<String> warnings) {
        this.project = Objects.requireNonNull(project, "project");
        this.schemas = List.copyOf(schemas);
        this.instances = List.copyOf(instances);
        this.managedResourcesFile = managedResourcesFile;
        this.warnings = List.copyOf(warnings);
        this.schemas.forEach(s -> schemaIndex.put(s.identifier(), s));
        for (Instance instance : this.instances) {
            instanceIndex.put(instance.schema() + "/" + instance.identifier(), instance);
            if (!schemaIndex.containsKey(instance.schema())) {
                referenced.add(instance.schema());
            }
        }
    }

    /**
     * One declared schema: the checked create body and the instances declared in it.
     *
     * @param name      the resource name in plan addresses (the file's, or the identifier when declared in Java)
     * @param body      the create body, checked
     * @param instances the instances declared in it
     */
    public record Schema(String name, DbSchemaCreate body, List<Instance> instances) {
        /**
         * Copies the list.
         *
         * @param name      the resource name in plan addresses
         * @param body      the create body, checked
         * @param instances the instances declared in it
         */
        public Schema {
            instances = List.copyOf(instances);
        }

        /** {@return the schema identifier} */
        public String identifier() {
            return body.getIdentifier();
        }
    }

    /**
     * One declared instance: its schema's identifier and the checked create body.
     *
     * @param name   the resource name in plan addresses (the file's, or the identifier when declared in Java)
     * @param schema the identifier of the schema it belongs to (declared in this state, or existing)
     * @param body   the create body, checked
     */
    public record Instance(String name, String schema, DbInstanceCreate body) {
        /** {@return the instance identifier} */
        public String identifier() {
            return body.getIdentifier();
        }
    }

    /**
     * A builder declaring resources of this project with the same calls as {@code create(...)}.
     *
     * @param project the project the state is for (its client only makes the builders that check each resource)
     * @return the builder
     */
    public static Builder builder(Project project) {
        return new Builder(project);
    }

    /**
     * Reads a file in Terraform's JSON configuration shape ({@code .json}, or {@code .yaml}/{@code .yml}).
     * Every value goes through the same checks as the builders; a problem is a
     * {@link StateFileException} naming the key and line, and what is accepted but ignored is a
     * {@linkplain #warnings() warning}. What the file manages is recorded beside it, in
     * {@link #managedResourcesFileFor(Path)}.
     *
     * @param file    the configuration file
     * @param project the project it is planned in
     * @return the desired state, with its warnings and its record file
     */
    public static DesiredState load(Path file, Project project) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), project).withManagedResourcesFile(managedResourcesFileFor(file));
        } catch (IOException e) {
            throw new StateFileException(file.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #load(Path, Project)}, from a stream; {@code sourceName}'s extension picks JSON or YAML.
     * No record of managed resources is kept unless {@link #withManagedResourcesFile(Path)} names one.
     *
     * @param in         the configuration
     * @param sourceName its name for messages; {@code .json} or {@code .yaml}/{@code .yml}
     * @param project    the project it is planned in
     * @return the desired state, with its warnings
     */
    public static DesiredState read(InputStream in, String sourceName, Project project) {
        return StateFile.read(in, sourceName, project);
    }

    /**
     * Where {@link #load(Path, Project)} keeps the record of what a configuration file manages:
     * beside it, named after it ({@code fleet.yaml} → {@code fleet.managed.json}).
     *
     * @param configuration the configuration file
     * @return the record's file
     */
    public static Path managedResourcesFileFor(Path configuration) {
        Path name = configuration.getFileName();
        String base = name == null ? "configuration" : name.toString();
        if (base.endsWith(".tf.json")) {
            base = base.substring(0, base.length() - ".tf.json".length());
        } else if (base.lastIndexOf('.') > 0) {
            base = base.substring(0, base.lastIndexOf('.'));
        }
        return configuration.resolveSibling(base + ".managed.json");
    }

    /** {@return the project the state is planned and applied in} */
    public Project project() {
        return project;
    }

    /** {@return the declared schemas, each with the instances declared in it, in declaration order} */
    public List<Schema> schemas() {
        return schemas;
    }

    /** {@return every declared instance, in declaration order, those of undeclared schemas included} */
    public List<Instance> instances() {
        return instances;
    }

    /** {@return the schemas that declared instances belong to but that this state does not declare, in order of first use} */
    public Set<String> referencedSchemas() {
        return Collections.unmodifiableSet(referenced);
    }

    /**
     * The declared schema with this identifier.
     *
     * @param identifier the schema identifier
     * @return the schema, or empty when it is not declared
     */
    public Optional<Schema> schema(String identifier) {
        return Optional.ofNullable(schemaIndex.get(identifier));
    }

    /**
     * The declared instance of this schema with this identifier.
     *
     * @param schema     the schema identifier
     * @param identifier the instance identifier
     * @return the instance, or empty when it is not declared
     */
    public Optional<Instance> instance(String schema, String identifier) {
        return Optional.ofNullable(instanceIndex.get(schema + "/" + identifier));
    }

    /** {@return the file recording what this configuration manages, when it keeps one} */
    public Optional<Path> managedResourcesFile() {
        return Optional.ofNullable(managedResourcesFile);
    }

    /**
     * This state, recording what it manages in this file (read by plan, rewritten by apply).
     *
     * @param file the record's file
     * @return a copy of this state with that record
     */
    public DesiredState withManagedResourcesFile(Path file) {
        return new DesiredState(project, schemas, instances, Objects.requireNonNull(file, "file"), warnings);
    }

    /**
     * What reading the file accepted but ignored or converted, one line each, naming the file, the
     * line and the key (Terraform syntax that does not apply here, a number given for a string, ...).
     *
     * @return the warnings, empty for a state declared in Java
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "DesiredState{" + project.org() + "/" + project.project() + ", " + schemas.size() + " schema(s), "
                + instances.size() + " instance(s)}";
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
     *     .managedResources(Path.of("fleet.managed.json"))
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        private final Project project;
        private final Map<String, Schema> schemas = new LinkedHashMap<>();
        private final Map<String, Instance> instances = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private Path managedResourcesFile;

        private Builder(Project project) {
            this.project = Objects.requireNonNull(project, "project");
        }

        /**
         * Declares a schema, configured as {@code project.schemas().create(identifier)} would be.
         *
         * @param identifier the schema identifier
         * @param configure  sets its fields on the create builder
         * @return this builder
         */
        public Builder schema(String identifier, Consumer<CreateSchema> configure) {
            return schema(identifier, identifier, configure);
        }

        /**
         * Declares an instance, configured as {@code project.schema(schema).instances().create(identifier)}
         * would be. The schema is declared in this state (before or after), or already exists.
         *
         * @param schema     the schema identifier
         * @param identifier the instance identifier
         * @param configure  sets its fields on the create builder
         * @return this builder
         */
        public Builder instance(String schema, String identifier, Consumer<CreateInstance> configure) {
            return instance(identifier, schema, identifier, configure);
        }

        /**
         * Records what this state manages in this file: plan reads it, apply rewrites it.
         *
         * @param file the record's file
         * @return this builder
         */
        public Builder managedResources(Path file) {
            this.managedResourcesFile = Objects.requireNonNull(file, "file");
            return this;
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
            schemas.put(identifier, new Schema(name, body, List.of()));
            return this;
        }

        Builder instance(String name, String schema, String identifier, Consumer<CreateInstance> configure) {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(configure, "configure");
            CreateInstance create = project.schema(schema).instances().create(identifier);
            configure.accept(create);
            DbInstanceCreate body = create.toRequestBody();
            String id = schema + "/" + identifier;
            if (instances.containsKey(id)) {
                throw new IllegalArgumentException("instance " + id + " is declared twice: an "
                        + "instance identifier is unique in its schema, so declare it once");
            }
            instances.put(id, new Instance(name, schema, body));
            return this;
        }

        Builder warning(String warning) {
            warnings.add(warning);
            return this;
        }

        /** {@return the state} */
        public DesiredState build() {
            List<Schema> declared = new ArrayList<>();
            for (Schema schema : schemas.values()) {
                declared.add(new Schema(schema.name(), schema.body(), instances.values().stream()
                        .filter(i -> i.schema().equals(schema.identifier())).toList()));
            }
            return new DesiredState(project, declared, new ArrayList<>(instances.values()), managedResourcesFile, warnings);
        }
    }
}
