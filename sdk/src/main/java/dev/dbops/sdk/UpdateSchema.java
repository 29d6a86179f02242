package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.Changelog;
import dev.dbops.sdk.model.ChangelogScript;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.DbSchemaUpdate;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Updates a database schema ({@code PUT .../dbschema/{id}}): only the fields set here are sent, the
 * others keep their values. The identifier and the migration type cannot change.
 */
public final class UpdateSchema extends Call<DbSchema> {

    private static final String OP = Operation.UPDATE_SCHEMA.id;

    private final SchemaRef schema;
    private final TagInput tags = new TagInput(OP, "tags");
    private final SchemaSource source = new SchemaSource();
    private String name;
    private String service;
    private Boolean usePercona;
    private String primaryDbInstanceId;
    private DbSchemaUpdate body;

    UpdateSchema(Transport transport, SchemaRef schema) {
        super(transport, Operation.UPDATE_SCHEMA);
        this.schema = schema;
    }

    /** A new display name, 1 to 128 characters. */
    public UpdateSchema name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** New tags ({@code "key:value"} strings); they replace all current tags. */
    public UpdateSchema tags(String... keyValues) {
        tags.replace(keyValues);
        return this;
    }

    /** New tags as a map; they replace all current tags. */
    public UpdateSchema tags(Map<String, String> tags) {
        this.tags.replace(tags);
        return this;
    }

    /** Adds one tag to the new tag set (which replaces all current tags). */
    public UpdateSchema tag(String key, String value) {
        tags.add(key, value);
        return this;
    }

    /** A new git changelog; the type becomes Repository unless set. */
    public UpdateSchema changelog(Consumer<Changelog> changelog) {
        Changelog value = new Changelog();
        changelog.accept(value);
        return changelog(value);
    }

    /** A new git changelog, as a model. */
    public UpdateSchema changelog(Changelog changelog) {
        source.changelog = Objects.requireNonNull(changelog, "changelog");
        return this;
    }

    /** A new changelog script; the type becomes Script unless set. */
    public UpdateSchema changelogScript(Consumer<ChangelogScript> script) {
        ChangelogScript value = new ChangelogScript();
        script.accept(value);
        return changelogScript(value);
    }

    /** A new changelog script, as a model. */
    public UpdateSchema changelogScript(ChangelogScript script) {
        source.script = Objects.requireNonNull(script, "changelogScript");
        return this;
    }

    /** Which changelog the schema uses. */
    public UpdateSchema type(DbSchemaType type) {
        source.explicitType = Objects.requireNonNull(type, "type");
        return this;
    }

    /** The Harness service the schema belongs to. */
    public UpdateSchema service(String service) {
        this.service = Objects.requireNonNull(service, "service");
        return this;
    }

    /** Apply changes with Percona online schema change. */
    public UpdateSchema usePercona(boolean usePercona) {
        this.usePercona = usePercona;
        return this;
    }

    /** The instance that is the schema's primary. */
    public UpdateSchema primaryDbInstanceId(String instanceIdentifier) {
        this.primaryDbInstanceId = Objects.requireNonNull(instanceIdentifier, "primaryDbInstanceId");
        return this;
    }

    @Override
    public UpdateSchema timeout(Duration timeout) {
        super.timeout(timeout);
        return this;
    }

    /** The body {@code execute()} would send, after checking every rule; nothing is sent. */
    public DbSchemaUpdate toRequestBody() {
        schema.validate();
        Validation.name(OP, "name", name, false);
        DbSchemaType type = source.resolve(OP, false);
        if (primaryDbInstanceId != null) {
            Validation.identifier(OP, "primaryDbInstanceId", primaryDbInstanceId);
        }
        DbSchemaUpdate update = new DbSchemaUpdate()
                .name(name)
                .tags(tags.value())
                .type(type)
                .changelog(source.changelog)
                .changeLogScript(source.script)
                .service(service)
                .usePercona(usePercona)
                .primaryDbInstanceId(primaryDbInstanceId);
        if (update.equals(new DbSchemaUpdate())) {
            throw Validation.invalid(OP, "update", "sets no field", "an update must change at least one field");
        }
        return update;
    }

    @Override
    void validate() {
        body = toRequestBody();
    }

    @Override
    String target() {
        return schema.target();
    }

    @Override
    ApiResponse<DbSchema> invoke(Transport.Apis apis) throws ApiException {
        return apis.schemas().updateDbSchemaWithHttpInfo(schema.org(), schema.project(), schema.identifier(), body,
                transport.accountId(), null);
    }
}
