import argparse

from flask import Flask

parser = argparse.ArgumentParser()
parser.add_argument("--tiles", required=True, help="directory the rendered tiles are written to")
options = parser.parse_args()


def create_app():
    app = Flask(__name__, static_folder=options.tiles)

    @app.route("/")
    def index():
        return app.send_static_file("index.html")

    return app
