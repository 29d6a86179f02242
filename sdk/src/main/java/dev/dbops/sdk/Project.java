package dev.dbops.sdk;

/**
 * Calls scoped to one organization and project: {@code schemas()} for the collection,
 * {@code schema(id)} for one schema and the instances bound to it.
 */
public final class Project {

    private final Transport transport;
    private final String org;
    private final String project;

    Project(Transport transport, String org, String project) {
        this.transport = transport;
        this.org = org;
        this.project = project;
    }

    /** The project's database schemas: create, list, get, update, delete. */
    public Schemas schemas() {
        return new Schemas(transport, org, project);
    }

    /** One database schema by identifier, and the instances bound to it. */
    public SchemaRef schema(String identifier) {
        return new SchemaRef(transport, org, project, identifier);
    }

    /** The organization identifier. */
    public String org() {
        return org;
    }

    /** The project identifier. */
    public String project() {
        return project;
    }

    @Override
    public String toString() {
        return "Project{" + org + "/" + project + "}";
    }
}
