package dev.dbops.sdk.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.plan.ResourceChange.Kind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of what a configuration manages, as Terraform's state file is: one entry per schema
 * and instance that an apply of the configuration created or adopted, with the resource name it had.
 * A resource removed from the configuration is deleted only if this record holds it; anything else
 * the configuration does not declare is left alone unless the plan prunes.
 *
 * <p>Kept in a JSON file beside the configuration ({@link DesiredState#managedResourcesFileFor}):
 * {@link Provisioner#plan} reads it, {@link Provisioner#apply} rewrites it. Losing it is safe: nothing
 * is deleted any more without prune, and the next apply records again every declared resource.
 *
 * <p>Immutable; equal when organization, project and entries are.
 */
public final class ManagedResources {

    /** The file format's version; a file of another version is refused rather than misread. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::kind)
            .thenComparing(Entry::schema, Comparator.naturalOrder())
            .thenComparing(e -> e.instance() == null ? "" : e.instance(), Comparator.naturalOrder());

    /**
     * One managed resource.
     *
     * @param kind     schema or instance
     * @param name     its resource name in the configuration when it was last applied
     * @param schema   the schema identifier (the schema's own, or the instance's schema)
     * @param instance the instance identifier, or null for a schema
     */
    public record Entry(Kind kind, String name, String schema, String instance) {
        /**
         * Checks the parts.
         *
         * @param kind     schema or instance
         * @param name     its resource name in the configuration
         * @param schema   the schema identifier
         * @param instance the instance identifier, or null for a schema
         */
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
            if ((kind == Kind.INSTANCE) != (instance != null)) {
                throw new IllegalArgumentException("an instance entry has an instance identifier, a schema entry none");
            }
        }

        /** {@return {@code schema} or {@code schema/instance}, as plans name resources} */
        public String id() {
            return instance == null ? schema : schema + "/" + instance;
        }

        /** {@return Terraform's address: {@code harness_platform_db_instance.my_instance}} */
        public String address() {
            return (kind == Kind.SCHEMA ? DesiredState.SCHEMA_TYPE : DesiredState.INSTANCE_TYPE) + "." + name;
        }

        /**
         * A schema entry.
         *
         * @param name   its resource name
         * @param schema its identifier
         * @return the entry
         */
        public static Entry schema(String name, String schema) {
            return new Entry(Kind.SCHEMA, name, schema, null);
        }

        /**
         * An instance entry.
         *
         * @param name     its resource name
         * @param schema   its schema's identifier
         * @param instance its identifier
         * @return the entry
         */
        public static Entry instance(String name, String schema, String instance) {
            return new Entry(Kind.INSTANCE, name, schema, instance);
        }
    }

    private final String org;
    private final String project;
    private final List<Entry> entries;
    /** Entries by kind and id: a plan asks once per resource, and a scan each time would be quadratic. */
    private final Map<String, Entry> index = new HashMap<>();

    /** Sorts and copies the entries; one entry per resource. */
    private ManagedResources(String org, String project, List<Entry> entries) {
        this.org = Objects.requireNonNull(org, "org");
        this.project = Objects.requireNonNull(project, "project");
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        for (Entry e : sorted) {
            if (index.put(e.kind() + ":" + e.id(), e) != null) {
                throw new IllegalArgumentException("the resource " + e.id() + " is recorded twice");
            }
        }
        this.entries = List.copyOf(sorted);
    }

    /** {@return the organization the resources are in} */
    public String org() {
        return org;
    }

    /** {@return the project the resources are in} */
    public String project() {
        return project;
    }

    /** {@return the managed resources, sorted: schemas first, then instances, by identifier} */
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagedResources m && m.org.equals(org) && m.project.equals(project) && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(org, project, entries);
    }

    @Override
    public String toString() {
        return "ManagedResources{" + org + "/" + project + ", " + entries.size() + " resource(s)}";
    }

    /**
     * A record of nothing, for a configuration that has not been applied yet.
     *
     * @param org     the organization
     * @param project the project
     * @return the empty record
     */
    public static ManagedResources none(String org, String project) {
        return new ManagedResources(org, project, List.of());
    }

    /**
     * These entries, in this project.
     *
     * @param org     the organization
     * @param project the project
     * @param entries one per managed resource
     * @return the record
     */
    public static ManagedResources of(String org, String project, Collection<Entry> entries) {
        return new ManagedResources(org, project, List.copyOf(entries));
    }

    /**
     * The recorded schema with this identifier.
     *
     * @param identifier the schema identifier
     * @return its entry, or empty when it is not managed
     */
    public Optional<Entry> schema(String identifier) {
        return Optional.ofNullable(index().get(Kind.SCHEMA + ":" + identifier));
    }

    /**
     * The recorded instance.
     *
     * @param schema     the schema identifier
     * @param identifier the instance identifier
     * @return its entry, or empty when it is not managed
     */
    public Optional<Entry> instance(String schema, String identifier) {
        return Optional.ofNullable(index().get(Kind.INSTANCE + ":" + schema + "/" + identifier));
    }

    /** {@return the recorded schemas} */
    public List<Entry> schemas() {
        return entries.stream().filter(e -> e.kind() == Kind.SCHEMA).toList();
    }

    /** {@return the recorded instances} */
    public List<Entry> instances() {
        return entries.stream().filter(e -> e.kind() == Kind.INSTANCE).toList();
    }

    private Map<String, Entry> index() {
        return index;
    }

    /**
     * Reads the record; a file that does not exist is a record of nothing. A file of another project,
     * or one that cannot be read, is a {@link StateFileException}: planning without knowing what the
     * configuration manages could delete the wrong resources, or forget to delete the right ones.
     *
     * @param file    the record's file
     * @param org     the organization the configuration is planned in
     * @param project the project it is planned in
     * @return the record
     */
    public static ManagedResources read(Path file, String org, String project) {
        if (!Files.exists(file)) {
            return none(org, project);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new StateFileException(file.toString(), 0, null, "cannot be read as a record of managed resources: "
                    + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || root.path("version").asInt() != VERSION) {
            throw new StateFileException(file.toString(), 0, "version", "is not a version " + VERSION
                    + " record of managed resources (written by dbops-java's apply)", null);
        }
        String recordedOrg = root.path("org").asText();
        String recordedProject = root.path("project").asText();
        if (!recordedOrg.equals(org) || !recordedProject.equals(project)) {
            throw new StateFileException(file.toString(), 0, "project", "records resources of " + recordedOrg + "/"
                    + recordedProject + ", not of " + org + "/" + project + ", where this configuration is planned: "
                    + "a configuration and its record describe one project", null);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode r : root.path("resources")) {
            String type = r.path("type").asText();
            String name = r.path("name").asText();
            String identifier = r.path("identifier").asText();
            if (type.equals(DesiredState.SCHEMA_TYPE)) {
                entries.add(Entry.schema(name, identifier));
            } else if (type.equals(DesiredState.INSTANCE_TYPE)) {
                entries.add(Entry.instance(name, r.path("schema").asText(), identifier));
            } else {
                throw new StateFileException(file.toString(), 0, "resources", "holds a resource of unknown type \""
                        + type + "\"", null);
            }
        }
        return new ManagedResources(org, project, entries);
    }

    /**
     * Writes the record, replacing the file in one move so that a crash leaves the old record or the new one.
     *
     * @param file the record's file
     */
    public void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("//", "Written by dbops-java's apply: the resources the configuration beside this file manages. "
                + "Keep it with the configuration (commit it, or keep it with your CI's state): a resource removed "
                + "from the configuration is deleted only if it is listed here.");
        root.put("version", VERSION);
        root.put("org", org);
        root.put("project", project);
        ArrayNode resources = root.putArray("resources");
        for (Entry e : entries) {
            ObjectNode r = resources.addObject();
            r.put("type", e.kind() == Kind.SCHEMA ? DesiredState.SCHEMA_TYPE : DesiredState.INSTANCE_TYPE);
            r.put("name", e.name());
            if (e.kind() == Kind.INSTANCE) {
                r.put("schema", e.schema());
            }
            r.put("identifier", e.kind() == Kind.SCHEMA ? e.schema() : e.instance());
        }
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            Files.write(temp, (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the record of managed resources " + file + " could not be written", e);
        }
    }
}
