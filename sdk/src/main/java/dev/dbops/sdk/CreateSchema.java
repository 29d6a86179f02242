package dev.dbops.sdk;

import dev.dbops.sdk.internal.codec.DbSchemaCodec;
import dev.dbops.sdk.internal.codec.EncodedRequest;
import dev.dbops.sdk.internal.exchange.Exchange;
import dev.dbops.sdk.model.ChangelogCreate;
import dev.dbops.sdk.model.ChangelogScriptCreate;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaCreate;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.util.function.Consumer;

/**
 * Creates a database schema ({@code POST .../dbschema}). Required: a name and a changelog (git) or
 * a changelog script. {@code execute()} checks every rule before sending and returns the schema.
 */
public final class CreateSchema extends SchemaWriteCall<CreateSchema> {

    private final SchemaSource source = new SchemaSource();
    private MigrationType migrationType;

    CreateSchema(Exchange exchange, SchemaRef schema) {
        super(exchange, Operation.CREATE_SCHEMA, schema);
    }

    /** A create with every field of the body set as given (each still checked before sending). */
    CreateSchema with(DbSchemaCreate body) {
        name = body.getName();
        if (body.getTags() != null) {
            tags(body.getTags());
        }
        type = body.getType();
        migrationType = body.getMigrationType();
        // Copies: the caller's nested models may change after this call.
        source.changelog = copy(body.getChangelog(), ChangelogCreate.class);
        source.script = copy(body.getChangeLogScript(), ChangelogScriptCreate.class);
        service = body.getService();
        usePercona = body.getUsePercona();
        return this;
    }

    /**
     * A changelog in a git repository (Terraform's {@code schema_source}); the type becomes Repository.
     *
     * @param changelog sets the changelog's fields on a new model: {@code location} is required, and an empty
     *                  or absent {@code connector} means a Harness Code repository, named by {@code repo}
     * @return this call
     */
    public CreateSchema changelog(Consumer<ChangelogCreate> changelog) {
        return changelog(configured("changelog", ChangelogCreate::new, changelog));
    }

    /**
     * A changelog in a git repository, as a model.
     *
     * @param changelog the changelog, used as given (not copied)
     * @return this call
     */
    public CreateSchema changelog(ChangelogCreate changelog) {
        source.changelog = Validation.notNull(operation.id(), "changelog", changelog);
        return this;
    }

    /**
     * A changelog fetched by a script (Terraform's {@code changelog_script}); the type becomes Script.
     *
     * @param script sets the script's fields on a new model: {@code image}, {@code command}, {@code shell}
     *               and {@code location} are required
     * @return this call
     */
    public CreateSchema changelogScript(Consumer<ChangelogScriptCreate> script) {
        return changelogScript(configured("changelogScript", ChangelogScriptCreate::new, script));
    }

    /**
     * A changelog fetched by a script, as a model.
     *
     * @param script the script, used as given (not copied)
     * @return this call
     */
    public CreateSchema changelogScript(ChangelogScriptCreate script) {
        source.script = Validation.notNull(operation.id(), "changelogScript", script);
        return this;
    }

    /**
     * The migration tool (the service assumes Liquibase). Cannot change after creation.
     *
     * @param migrationType {@link MigrationType#LIQUIBASE} or {@link MigrationType#FLYWAY}
     * @return this call
     */
    public CreateSchema migrationType(MigrationType migrationType) {
        this.migrationType = Validation.notNull(operation.id(), "migrationType", migrationType);
        return this;
    }

    /**
     * Shorthand for {@code migrationType(MigrationType.LIQUIBASE)}.
     *
     * @return this call
     */
    public CreateSchema liquibase() {
        return migrationType(MigrationType.LIQUIBASE);
    }

    /**
     * Shorthand for {@code migrationType(MigrationType.FLYWAY)}.
     *
     * @return this call
     */
    public CreateSchema flyway() {
        return migrationType(MigrationType.FLYWAY);
    }

    /**
     * The body {@code execute()} would send, after checking every rule; nothing is sent.
     *
     * @return the body as it would be sent now
     */
    public DbSchemaCreate toRequestBody() {
        String op = operation.id();
        schema.project().validate(op);
        Validation.identifier(op, "identifier", schema.identifier());
        Validation.name(op, "name", name, true);
        Validation.notEmptyWhenGiven(op, "service", service);
        source.explicitType = type;
        DbSchemaType resolved = source.resolve(op);
        return new DbSchemaCreate()
                .identifier(schema.identifier())
                .name(name)
                .tags(tags.value())
                .type(resolved)
                .migrationType(migrationType)
                .changelog(source.changelog)
                .changeLogScript(source.script)
                .service(service)
                .usePercona(usePercona);
    }

    @Override
    EncodedRequest<DbSchema> encode() {
        DbSchemaCreate body = toRequestBody();
        return DbSchemaCodec.createDbSchema(schema.org(), schema.projectId(), body);
    }
}
