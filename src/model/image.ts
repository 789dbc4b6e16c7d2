/** The parts of an image reference (`registry/path/name:tag@digest`). */
export interface ImageReference {
  readonly registry: string | undefined;
  /** The repository path without registry, tag and digest (`jgi/portal`, `postgres`). */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  const [withoutDigest, digest] = image.split("@", 2) as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  const firstPart = lastSlash === -1 ? undefined : withoutDigest.slice(0, withoutDigest.indexOf("/"));
  // The first path part is a registry host only when it looks like one (has a dot or port, or is localhost).
  const registry = firstPart !== undefined && /[.:]|^localhost$/.test(firstPart) ? firstPart : undefined;
  const withoutTag = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  return { registry, name: registry === undefined ? withoutTag : withoutTag.slice(registry.length + 1), tag: colon === -1 ? undefined : withoutDigest.slice(colon + 1), digest };
}

const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * A Docker Hub official image (`postgres:15`, `library/nginx`, `docker.io/library/redis`): Docker
 * publishes it, no repository builds it. Known by its name, since an image built for a local
 * cluster (`flask-app:dev`, `web`) is also named without a registry or namespace.
 */
export function isOfficialImage(image: string): boolean {
  const { registry, name } = parseImageReference(image);
  return (registry === undefined || DOCKER_HUB.has(registry)) && OFFICIAL_IMAGES.has(name.replace(/^library\//, ""));
}

/** The repositories of Docker's official images (github.com/docker-library/official-images, `library/`), deprecated ones included. */
const OFFICIAL_IMAGES: ReadonlySet<string> = new Set(
  (
    "adminer aerospike almalinux alpine alt amazoncorretto amazonlinux api-firewall arangodb archlinux backdrop bash bonita " +
    "buildpack-deps busybox caddy cassandra celery centos chronograf cirros clearlinux clefos clickhouse clojure composer consul " +
    "convertigo couchbase couchdb crate dart debian django docker drupal eclipse-mosquitto eclipse-temurin eggdrop elasticsearch " +
    "elixir emqx erlang fedora flink fluentd friendica gazebo gcc geonetwork ghost golang gradle groovy haproxy haskell haxe " +
    "hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava influxdb irssi java jenkins jetty joomla jruby julia kapacitor " +
    "kibana kong krakend lightstreamer liquibase logstash mageia mariadb matomo maven mediawiki memcached mongo mongo-express " +
    "monica mono mysql nats neo4j neurodebian nextcloud nginx node notary odoo open-liberty openjdk oraclelinux orientdb owncloud " +
    "percona perl photon php php-zendserver phpmyadmin piwik plone postfixadmin postgres pypy python r-base rabbitmq rails " +
    "rakudo-star redis redmine registry rethinkdb rocket.chat rockylinux ruby rust sapmachine satosa sentry silverpeas solr " +
    "sonarqube spark spiped storm swift teamspeak telegraf tomcat tomee traefik ubuntu unit varnish vault websphere-liberty " +
    "wordpress xwiki yourls znc zookeeper"
  ).split(" "),
);

/** Web servers that serve files others write (`nginx`, `nginxinc/nginx-unprivileged`, `httpd`, `caddy`). */
const FILE_SERVERS = new Set(["nginx", "nginx-unprivileged", "openresty", "httpd", "caddy", "lighttpd"]);

/** Whether the image is a web server known to serve files rather than write them, by its repository's last name. */
export function isFileServerImage(image: string): boolean {
  const { name } = parseImageReference(image);
  return FILE_SERVERS.has(name.slice(name.lastIndexOf("/") + 1));
}
