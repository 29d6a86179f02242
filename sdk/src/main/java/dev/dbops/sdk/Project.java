package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ProjectOverview;

/**
 * Calls scoped to one organization and project: {@link #schemas()} for the collection (create,
 * list), {@link #schema(String)} for one schema (get, find, update, delete, its instances and
 * migration state), {@link #overview()} for the project's counts and recent deployments.
 */
public final class Project {

    private final Exchange exchange;
    private final String org;
    private final String project;

    Project(Exchange exchange, String org, String project) {
        this.exchange = exchange;
        this.org = org;
        this.project = project;
    }

    /**
     * The project's database schemas: create one, or list them.
     *
     * @return the collection; nothing is sent yet
     */
    public Schemas schemas() {
        return new Schemas(exchange, this);
    }

    /**
     * One database schema by identifier, and the instances bound to it. Nothing is sent yet.
     *
     * @param identifier the schema's identifier, checked when a call is executed
     * @return the schema's reference
     */
    public SchemaRef schema(String identifier) {
        return new SchemaRef(exchange, this, identifier);
    }

    /**
     * The project's schema and instance counts and its (at most five) most recent deployments.
     *
     * @return the call, not yet sent
     */
    public Call<ProjectOverview> overview() {
        return new SimpleCall<>(exchange, Operation.GET_PROJECT_OVERVIEW, target(),
                () -> validate(Operation.GET_PROJECT_OVERVIEW.id()), () -> DbSchemaCodec.getProjectOverview(org, project));
    }

    /**
     * The organization identifier.
     *
     * @return the identifier, as given to {@link HarnessDbOps#project(String, String)}
     */
    public String org() {
        return org;
    }

    /**
     * The project identifier.
     *
     * @return the identifier, as given to {@link HarnessDbOps#project(String, String)}
     */
    public String project() {
        return project;
    }

    /** {@code org/project}, as messages and logs name it. */
    String target() {
        return org + "/" + project;
    }

    void validate(String op) {
        Validation.scope(op, "org", org);
        Validation.scope(op, "project", project);
    }

    @Override
    public String toString() {
        return "Project{" + target() + "}";
    }
}
