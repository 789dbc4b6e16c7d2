// The options the command lines of gunicorn 20.1.0 (argparse), uvicorn 0.17.6 and the flask CLI
// (click) take, for shell/arguments.ts to read them with. An unknown option makes the server exit
// 2 before it loads anything: argparse says `unrecognized arguments: --port`, click `No such
// option: --bind`.
import { option, type OptionInfo } from "../shell/arguments.js";

/** gunicorn 20.1.0 `gunicorn/config.py`: every setting with a command-line flag. */
export const GUNICORN_OPTIONS: readonly OptionInfo[] = [
  option("access_log_format", "--access-logformat"), option("accesslog", "--access-logfile"), option("backlog", "--backlog"),
  option("bind", "-b --bind"), option("ca_certs", "--ca-certs"), option("capture_output", "--capture-output", true),
  option("cert_reqs", "--cert-reqs"), option("certfile", "--certfile"), option("chdir", "--chdir"),
  option("check_config", "--check-config", true), option("ciphers", "--ciphers"), option("config", "-c --config"),
  option("daemon", "-D --daemon", true), option("disable_redirect_access_to_syslog", "--disable-redirect-access-to-syslog", true),
  option("do_handshake_on_connect", "--do-handshake-on-connect", true), option("dogstatsd_tags", "--dogstatsd-tags"),
  option("enable_stdio_inheritance", "-R --enable-stdio-inheritance", true), option("errorlog", "--error-logfile --log-file"),
  option("forwarded_allow_ips", "--forwarded-allow-ips"), option("graceful_timeout", "--graceful-timeout"), option("group", "-g --group"),
  option("initgroups", "--initgroups", true), option("keepalive", "--keep-alive"), option("keyfile", "--keyfile"),
  option("limit_request_field_size", "--limit-request-field_size"), option("limit_request_fields", "--limit-request-fields"),
  option("limit_request_line", "--limit-request-line"), option("logconfig", "--log-config"), option("logger_class", "--logger-class"),
  option("loglevel", "--log-level"), option("max_requests", "--max-requests"), option("max_requests_jitter", "--max-requests-jitter"),
  option("paste", "--paste --paster"), option("pidfile", "-p --pid"), option("preload_app", "--preload", true),
  option("print_config", "--print-config", true), option("proc_name", "-n --name"), option("proxy_allow_ips", "--proxy-allow-from"),
  option("proxy_protocol", "--proxy-protocol", true), option("pythonpath", "--pythonpath"), option("raw_env", "-e --env"),
  option("raw_paste_global_conf", "--paste-global"), option("reload", "--reload", true), option("reload_engine", "--reload-engine"),
  option("reload_extra_files", "--reload-extra-file"), option("reuse_port", "--reuse-port", true), option("sendfile", "--no-sendfile", true),
  option("spew", "--spew", true), option("ssl_version", "--ssl-version"), option("statsd_host", "--statsd-host"),
  option("statsd_prefix", "--statsd-prefix"), option("strip_header_spaces", "--strip-header-spaces", true),
  option("suppress_ragged_eofs", "--suppress-ragged-eofs", true), option("syslog", "--log-syslog", true),
  option("syslog_addr", "--log-syslog-to"), option("syslog_facility", "--log-syslog-facility"), option("syslog_prefix", "--log-syslog-prefix"),
  option("threads", "--threads"), option("timeout", "-t --timeout"), option("umask", "-m --umask"), option("user", "-u --user"),
  option("worker_class", "-k --worker-class"), option("worker_connections", "--worker-connections"), option("worker_tmp_dir", "--worker-tmp-dir"),
  option("workers", "-w --workers"), option("version", "-v --version", true), option("help", "-h --help", true),
];

/** uvicorn 0.17.6 `uvicorn/main.py`. */
export const UVICORN_OPTIONS: readonly OptionInfo[] = [
  option("host", "--host"), option("port", "--port"), option("uds", "--uds"), option("fd", "--fd"), option("reload", "--reload", true),
  option("reload_dirs", "--reload-dir"), option("reload_includes", "--reload-include"), option("reload_excludes", "--reload-exclude"),
  option("reload_delay", "--reload-delay"), option("workers", "--workers"), option("loop", "--loop"), option("http", "--http"), option("ws", "--ws"),
  option("ws_max_size", "--ws-max-size"), option("ws_ping_interval", "--ws-ping-interval"), option("ws_ping_timeout", "--ws-ping-timeout"),
  option("ws_per_message_deflate", "--ws-per-message-deflate"), option("lifespan", "--lifespan"), option("interface", "--interface"),
  option("env_file", "--env-file"), option("log_config", "--log-config"), option("log_level", "--log-level"),
  option("access_log", "--access-log --no-access-log", true), option("use_colors", "--use-colors --no-use-colors", true),
  option("proxy_headers", "--proxy-headers --no-proxy-headers", true), option("server_header", "--server-header --no-server-header", true),
  option("date_header", "--date-header --no-date-header", true), option("forwarded_allow_ips", "--forwarded-allow-ips"),
  option("root_path", "--root-path"), option("limit_concurrency", "--limit-concurrency"), option("backlog", "--backlog"),
  option("limit_max_requests", "--limit-max-requests"), option("timeout_keep_alive", "--timeout-keep-alive"),
  option("ssl_keyfile", "--ssl-keyfile"), option("ssl_certfile", "--ssl-certfile"), option("ssl_keyfile_password", "--ssl-keyfile-password"),
  option("ssl_version", "--ssl-version"), option("ssl_cert_reqs", "--ssl-cert-reqs"), option("ssl_ca_certs", "--ssl-ca-certs"),
  option("ssl_ciphers", "--ssl-ciphers"), option("headers", "--header"), option("version", "--version", true), option("app_dir", "--app-dir"),
  option("factory", "--factory", true), option("help", "--help", true),
];

/** The flask CLI (Flask 2.2): the group's options, then `run`'s. */
export const FLASK_GROUP_OPTIONS: readonly OptionInfo[] = [
  option("env_file", "-e --env-file"), option("app", "-A --app"), option("debug", "--debug --no-debug", true),
  option("version", "--version", true), option("help", "--help", true),
];
export const FLASK_RUN_OPTIONS: readonly OptionInfo[] = [
  option("host", "-h --host"), option("port", "-p --port"), option("cert", "--cert"), option("key", "--key"),
  option("reload", "--reload --no-reload", true), option("debugger", "--debugger --no-debugger", true),
  option("eager_loading", "--eager-loading --lazy-loading", true), option("with_threads", "--with-threads --without-threads", true),
  option("extra_files", "--extra-files"), option("exclude_patterns", "--exclude-patterns"), option("debug", "--debug --no-debug", true),
  option("help", "--help", true),
];

