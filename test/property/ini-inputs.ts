// uWSGI ini files for the property tests: realistic app.ini files to damage, and hostile shapes.
import fc from "fast-check";
import { huge, mutatedSeed, nested, randomBytes, tokenSoup } from "./mutations.js";

/** The app.ini beside app.py in every app directory of the property tests. */
export const APP_INI = `[uwsgi]
; served on Spin behind the ingress
chdir = /srv
module = app:app
master = true
processes = 4
threads = 2
http-socket = :8080
need-app = true
die-on-term = true
static-map = /static=/srv/static
pyargv = --tiles /srv/static
`;

const SEEDS = [
  APP_INI,
  `[uwsgi]
wsgi-file = app.py
callable = application
socket = 0.0.0.0:8080
protocol = http
uid = 57123
gid = 57123
env = FLASK_ENV=production
env = TILE_ROOT=/srv/static
logto = /tmp/uwsgi.log
harakiri = 30
base = /srv
pythonpath = %(base)
module = app:create_app()
`,
  `# keys before the first section are ignored by uWSGI
master = false
[uwsgi]
module = "app:app"
callable = 'app'
http = :8080
pyargv = "--tiles ./static"
vacuum = true
[other]
module = unused
`,
  `[uwsgi]
ini = base.ini:production
if-env = SPIN
http-socket = :$(PORT)
endif =
for = a b c
  env = X_%(_)=1
endfor =
mount = /sky=app:app
manage-script-name = true
plugins = python3
`,
];

const TOKENS = [
  "[uwsgi]\n", "[uwsgi ]\n", "[UWSGI]\n", "[app]\n", "[", "]", "module = app:app\n", "module = app\n", "callable = app\n", "callable = create_app()\n",
  "wsgi-file = app.py\n", "chdir = /srv\n", "pythonpath = .\n", "pyargv = --tiles /srv/static\n", "master = true\n", "need-app = true\n",
  "http-socket = :8080\n", "uid = 1000\n", "ini = other.ini\n", "module: app\n", "%(", "%(chdir)", "$(HOME)", "@(", "exec://", "=", " = ", ":", ";", "#",
  "\"", "'", "\\", "\n", "\r\n", "\t", "  ", "key", "value", "true", "for = a b\n", "endfor =\n", "if-env = X\n", "endif =\n", "é", "😀",
];

/** Every kind of ini input the property tests feed nw-lint. */
export const iniInput: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: mutatedSeed(SEEDS, TOKENS), weight: 12 },
  { arbitrary: tokenSoup(TOKENS), weight: 6 },
  { arbitrary: randomBytes, weight: 2 },
  { arbitrary: fc.oneof(nested("%(", ")", "x"), nested("[", "]", "uwsgi"), nested("[uwsgi]\nmodule = app\n", "", "")), weight: 2 },
  { arbitrary: fc.oneof(huge("[uwsgi]\nmodule = "), huge("[uwsgi]\npyargv = "), huge("[uwsgi]\n; ")), weight: 1 },
);
