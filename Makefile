# Mnemo: the two commands of the README are `make run` and `make test`; the rest are for admins and developers.
SHELL := /bin/bash
MVN ?= mvn -B -q
API_JAR := modules/api/target/mnemo-api-0.1.0-SNAPSHOT.jar
SHELL_JAR := modules/admin-shell/target/mnemo-admin-shell-0.1.0-SNAPSHOT.jar
DB_URL = $$(scripts/postgres.sh url)
export DJL_CACHE_DIR ?= $(HOME)/.cache/mnemo/djl
export DJL_OFFLINE ?= true

.PHONY: run test db db-stop build shell bench bench-quick eval clean help

help:
	@echo "make run     database up, migrations, API on :8001 with the bundled models"
	@echo "make test    the whole test suite against a real PostgreSQL + pgvector and real models"
	@echo "make db      start (installing if needed) the project-local PostgreSQL + pgvector; prints its URL"
	@echo "make db-stop stop it"
	@echo "make shell   the admin console (Spring Shell)"
	@echo "make bench   JMH and store benchmarks; writes docs/benchmarks.md"
	@echo "make eval    search quality (MRR@10, recall) of every search mode on real code and prose sets"

db:
	@scripts/postgres.sh start

db-stop:
	@scripts/postgres.sh stop

build:
	$(MVN) -DskipTests install

run: db build
	MNEMO_DB_URL=$(DB_URL) java -jar $(API_JAR)

test: db
	MNEMO_TEST_DB_URL=$(DB_URL) $(MVN) verify

shell: db build
	MNEMO_DB_URL=$(DB_URL) java -jar $(SHELL_JAR) $(ARGS)

bench: db build
	MNEMO_DB_URL=$(DB_URL) scripts/bench.sh full

eval: db build
	MNEMO_DB_URL=$(DB_URL) scripts/eval.sh

bench-quick: db build
	MNEMO_DB_URL=$(DB_URL) scripts/bench.sh quick

clean:
	$(MVN) clean
