package dev.dbops.benchmarks;

import dev.dbops.benchmarks.peer.api.DbInstanceApi;
import dev.dbops.benchmarks.peer.api.DbSchemaApi;
import dev.dbops.benchmarks.peer.invoker.ApiClient;
import dev.dbops.benchmarks.peer.invoker.ApiException;
import dev.dbops.benchmarks.peer.invoker.ApiResponse;
import dev.dbops.benchmarks.peer.model.ChangelogCreate;
import dev.dbops.benchmarks.peer.model.ChangelogScriptCreate;
import dev.dbops.benchmarks.peer.model.DbInstance;
import dev.dbops.benchmarks.peer.model.DbInstanceFilter;
import dev.dbops.benchmarks.peer.model.DbSchema;
import dev.dbops.benchmarks.peer.model.DbSchemaCreate;
import dev.dbops.benchmarks.peer.model.DbSchemaType;
import dev.dbops.benchmarks.peer.model.MigrationType;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code peer}: the client openapi-generator makes from the same document with its default java
 * library (okhttp-gson), configured the way its README says (base path, API key), paging by hand.
 */
public final class PeerClient {

    private final Seed seed;
    private final ApiClient client;
    private final DbSchemaApi schemas;
    private final DbInstanceApi instances;

    public PeerClient(String baseUrl, Seed seed) {
        this.seed = seed;
        this.client = new ApiClient();
        client.setBasePath(baseUrl);
        client.setApiKey(seed.apiKey());
        this.schemas = new DbSchemaApi(client);
        this.instances = new DbInstanceApi(client);
    }

    public DbSchema createSchema() throws ApiException {
        DbSchemaCreate body = new DbSchemaCreate()
                .identifier(seed.identifier())
                .name(seed.name())
                .changeLogScript(new ChangelogScriptCreate()
                        .command(seed.scriptCommand())
                        .image(seed.scriptImage())
                        .location(seed.scriptLocation())
                        .shell(seed.scriptShell()))
                .changelog(new ChangelogCreate()
                        .connector(seed.changelogConnector())
                        .location(seed.changelogLocation())
                        .repo(seed.changelogRepo()))
                .migrationType(MigrationType.fromValue(seed.migrationType()))
                .type(DbSchemaType.fromValue(seed.type()));
        return schemas.createDbSchema(seed.org(), seed.project(), body, seed.accountId());
    }

    public DbSchema getSchema() throws ApiException {
        return schemas.getDbSchema(seed.org(), seed.project(), seed.identifier(), seed.accountId());
    }

    /** Every instance, page after page, as long as the headers say there are more. */
    public int listInstances(Consumer<Object> sink) throws ApiException {
        int n = 0;
        for (int page = 0; ; page++) {
            ApiResponse<List<DbInstance>> response = instances.listDbInstancesWithHttpInfo(seed.org(), seed.project(),
                    seed.identifier(), seed.accountId(), page, 100, null, null, null, new DbInstanceFilter());
            List<DbInstance> items = response.getData();
            for (DbInstance item : items) {
                sink.accept(item);
            }
            n += items.size();
            List<String> totals = response.getHeaders().get("X-Total-Elements");
            long total = totals == null || totals.isEmpty() ? Long.MAX_VALUE : Long.parseLong(totals.get(0));
            if (items.size() < 100 || (long) (page + 1) * 100 >= total) {
                return n;
            }
        }
    }
}
