package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaUpdate;

import java.util.Optional;

/**
 * One database schema by identifier: read, update or delete it, and reach the instances bound to
 * it. Each method returns a call; nothing is sent until it is executed.
 */
public final class SchemaRef {

    private final Exchange exchange;
    private final Project project;
    private final String identifier;

    SchemaRef(Exchange exchange, Project project, String identifier) {
        this.exchange = exchange;
        this.project = project;
        this.identifier = identifier;
    }

    /**
     * Reads the schema; {@link NotFoundException} when it does not exist.
     *
     * @return the call, not yet sent
     */
    public Call<DbSchema> get() {
        return new SimpleCall<>(exchange, Operation.GET_SCHEMA, target(), () -> validate(Operation.GET_SCHEMA),
                () -> DbSchemaCodec.getDbSchema(org(), projectId(), identifier));
    }

    /**
     * Reads the schema, or answers empty when it does not exist (a 404), as Terraform's read does.
     *
     * @return the call, not yet sent
     */
    public Call<Optional<DbSchema>> find() {
        return new FindCall<>((SimpleCall<DbSchema>) get());
    }

    /**
     * An update of this schema: only the fields you set are sent.
     *
     * @return the update, not yet sent; it must set at least one field
     */
    public UpdateSchema update() {
        return new UpdateSchema(exchange, this);
    }

    /**
     * An update sending the fields this body sets (a copy: later changes to the body are not
     * seen); every rule is checked before sending.
     *
     * @param body the fields to change; those it leaves null keep their values
     * @return the update, not yet sent
     */
    public UpdateSchema update(DbSchemaUpdate body) {
        return update().with(body);
    }

    /**
     * Deletes the schema; {@link NotFoundException} when it does not exist.
     *
     * @return the call, not yet sent
     */
    public Call<Void> delete() {
        return new SimpleCall<>(exchange, Operation.DELETE_SCHEMA, target(), () -> validate(Operation.DELETE_SCHEMA),
                () -> DbSchemaCodec.deleteDbSchema(org(), projectId(), identifier));
    }

    /**
     * Which of the schema's changesets reached which of its instances; filters are optional.
     *
     * @return the list, not yet fetched
     */
    public MigrationStateList migrationState() {
        return new MigrationStateList(exchange, this);
    }

    /**
     * The instances bound to this schema: create one, or list them.
     *
     * @return the collection; nothing is sent yet
     */
    public Instances instances() {
        return new Instances(exchange, this);
    }

    /**
     * One instance of this schema by identifier. Nothing is sent yet.
     *
     * @param instanceIdentifier the instance's identifier, checked when a call is executed
     * @return the instance's reference
     */
    public InstanceRef instance(String instanceIdentifier) {
        return new InstanceRef(exchange, this, instanceIdentifier);
    }

    /**
     * The schema identifier.
     *
     * @return the identifier as given; it is checked when a call is executed
     */
    public String identifier() {
        return identifier;
    }

    /**
     * The project the schema belongs to.
     *
     * @return the project's calls
     */
    public Project project() {
        return project;
    }

    String org() {
        return project.org();
    }

    String projectId() {
        return project.project();
    }

    /** {@code org/project/schema}, as Terraform's import ids write it. */
    String target() {
        return project.target() + "/" + identifier;
    }

    /** Checks the path's identifiers for a call of this operation. */
    void validate(Operation op) {
        project.validate(op.id());
        Validation.identifier(op.id(), "dbschema", identifier);
    }

    @Override
    public String toString() {
        return "SchemaRef{" + target() + "}";
    }
}
