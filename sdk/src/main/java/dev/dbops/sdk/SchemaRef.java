package dev.dbops.sdk;

import dev.dbops.sdk.model.DbSchema;

import java.util.Optional;

/**
 * One database schema by identifier: read, update or delete it, and reach the instances bound to
 * it. Nothing is sent until a method that returns a result (or {@code execute()}) is called.
 */
public final class SchemaRef {

    private final Transport transport;
    private final String org;
    private final String project;
    private final String identifier;

    SchemaRef(Transport transport, String org, String project, String identifier) {
        this.transport = transport;
        this.org = org;
        this.project = project;
        this.identifier = identifier;
    }

    /** The schema; {@link NotFoundException} when it does not exist. */
    public DbSchema get() {
        return prepareGet().execute();
    }

    /** The schema, or empty when it does not exist (a 404), as Terraform's read does. */
    public Optional<DbSchema> find() {
        try {
            return Optional.of(get());
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The read as a {@link Call}, for a per-call timeout or the raw response. */
    public Call<DbSchema> prepareGet() {
        return new SimpleCall<>(transport, Operation.GET_SCHEMA, target(), this::validate,
                apis -> apis.schemas().getDbSchemaWithHttpInfo(org, project, identifier, transport.accountId(), null));
    }

    /** An update of this schema: only the fields you set are sent. */
    public UpdateSchema update() {
        return new UpdateSchema(transport, this);
    }

    /** Deletes the schema; {@link NotFoundException} when it does not exist. */
    public void delete() {
        prepareDelete().execute();
    }

    /** The delete as a {@link Call}, for a per-call timeout or the raw response. */
    public Call<Void> prepareDelete() {
        return new SimpleCall<>(transport, Operation.DELETE_SCHEMA, target(), this::validate,
                apis -> apis.schemas().deleteDbSchemaWithHttpInfo(org, project, identifier, transport.accountId(), null));
    }

    /** The instances bound to this schema. */
    public Instances instances() {
        return new Instances(transport, this);
    }

    /** One instance of this schema by identifier. */
    public InstanceRef instance(String instanceIdentifier) {
        return new InstanceRef(transport, this, instanceIdentifier);
    }

    /** The schema identifier. */
    public String identifier() {
        return identifier;
    }

    String org() {
        return org;
    }

    String project() {
        return project;
    }

    /** {@code org/project/schema}, as Terraform's import ids write it. */
    String target() {
        return org + "/" + project + "/" + identifier;
    }

    void validate() {
        Validation.identifier("dbschema", "dbschema", identifier);
    }

    @Override
    public String toString() {
        return "SchemaRef{" + target() + "}";
    }
}
