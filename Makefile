# Two commands do all set-up:  make run  |  make test
VENV ?= .venv
PYTHON ?= python3
SHARED ?= ../shared
CONFIG ?= camfilter.yaml
# Use the verified offline model from ../shared when no weights/yolo11n.pt is here (development machines).
MODEL ?= $(if $(wildcard weights/yolo11n.pt),,$(wildcard $(SHARED)/weights/yolo11n_int8_openvino_model))
RUN_ARGS ?=

export YOLO_CONFIG_DIR ?= $(CURDIR)/.yolo
export YOLO_AUTOINSTALL ?= 0
export YOLO_VERBOSE ?= 0

.PHONY: install run test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

$(CONFIG):
	cp camfilter/config/example.yaml $(CONFIG)
	@echo "created $(CONFIG) from the commented example: add your cameras there"

run: install $(CONFIG)
	$(VENV)/bin/camfilter run --config $(CONFIG) $(if $(MODEL),--model $(MODEL)) $(RUN_ARGS)

test: install
	tests/peers/install.sh
	YOLO_OFFLINE=1 $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: install
	YOLO_OFFLINE=1 $(VENV)/bin/camfilter bench $(if $(MODEL),--model $(MODEL))
	YOLO_OFFLINE=1 $(VENV)/bin/camfilter bench --speed $(if $(MODEL),--model $(MODEL))

clean:
	rm -rf $(VENV) .yolo .pytest_cache tests/peers/.run
