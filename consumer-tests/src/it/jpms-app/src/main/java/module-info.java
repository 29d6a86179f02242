/** sdk-app's program as a named module: it needs the SDK's module name, its exports and its opens. */
module dev.dbops.consumer {
    requires dev.dbops.sdk;
    requires jdk.httpserver;
}
