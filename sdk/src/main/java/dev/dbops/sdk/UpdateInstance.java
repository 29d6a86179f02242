package dev.dbops.sdk;

import dev.dbops.sdk.internal.invoker.ApiException;
import dev.dbops.sdk.internal.invoker.ApiResponse;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbInstanceUpdate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Updates a database instance ({@code PUT .../instance/{id}}): only the fields set here are sent,
 * the others keep their values.
 */
public final class UpdateInstance extends Call<DbInstance> {

    private static final String OP = Operation.UPDATE_INSTANCE.id;

    private final InstanceRef instance;
    private final TagInput tags = new TagInput(OP, "tags");
    private final Revision revision = new Revision();
    private String name;
    private String connector;
    private String context;
    private String version;
    private Map<String, String> substituteProperties;
    private DbInstanceUpdate body;

    UpdateInstance(Transport transport, InstanceRef instance) {
        super(transport, Operation.UPDATE_INSTANCE);
        this.instance = instance;
    }

    /** A new display name, 1 to 128 characters. */
    public UpdateInstance name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** New tags ({@code "key:value"} strings); they replace all current tags. */
    public UpdateInstance tags(String... keyValues) {
        tags.replace(keyValues);
        return this;
    }

    /** New tags as a map; they replace all current tags. */
    public UpdateInstance tags(Map<String, String> tags) {
        this.tags.replace(tags);
        return this;
    }

    /** Adds one tag to the new tag set (which replaces all current tags). */
    public UpdateInstance tag(String key, String value) {
        tags.add(key, value);
        return this;
    }

    /** Track this git branch instead. */
    public UpdateInstance branch(String branch) {
        revision.branch = Objects.requireNonNull(branch, "branch");
        return this;
    }

    /** Pin to this commit instead. */
    public UpdateInstance commitSha(String commitSha) {
        revision.commitSha = Objects.requireNonNull(commitSha, "commitSha");
        return this;
    }

    /** Pin to this git tag instead. */
    public UpdateInstance gitTag(String gitTag) {
        revision.gitTag = Objects.requireNonNull(gitTag, "gitTag");
        return this;
    }

    /** Another JDBC connector. */
    public UpdateInstance connector(String connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
        return this;
    }

    /** Another Liquibase context. */
    public UpdateInstance context(String context) {
        this.context = Objects.requireNonNull(context, "context");
        return this;
    }

    /** The changelog version the instance should be at. */
    public UpdateInstance version(String version) {
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    /** New substituted properties; they replace the current ones. */
    public UpdateInstance substituteProperties(Map<String, String> properties) {
        this.substituteProperties = new LinkedHashMap<>(Objects.requireNonNull(properties, "substituteProperties"));
        return this;
    }

    @Override
    public UpdateInstance timeout(Duration timeout) {
        super.timeout(timeout);
        return this;
    }

    /** The body {@code execute()} would send, after checking every rule; nothing is sent. */
    public DbInstanceUpdate toRequestBody() {
        instance.validate();
        Validation.name(OP, "name", name, false);
        if (connector != null) {
            Validation.notBlank(OP, "connector", connector, "an instance needs the identifier of its JDBC connector");
        }
        revision.check(OP);
        Validation.properties(OP, "substituteProperties", substituteProperties);
        DbInstanceUpdate update = new DbInstanceUpdate()
                .name(name)
                .tags(tags.value())
                .branch(revision.branch)
                .commitSha(revision.commitSha)
                .gitTag(revision.gitTag)
                .connector(connector)
                .context(context)
                .version(version)
                .substituteProperties(substituteProperties == null ? null : new LinkedHashMap<>(substituteProperties));
        if (update.equals(new DbInstanceUpdate())) {
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
        return instance.target();
    }

    @Override
    ApiResponse<DbInstance> invoke(Transport.Apis apis) throws ApiException {
        SchemaRef schema = instance.schema();
        return apis.instances().updateDbInstanceWithHttpInfo(schema.org(), schema.project(), schema.identifier(),
                instance.identifier(), body, transport.accountId(), null);
    }
}
