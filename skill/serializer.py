"""EnvelopeSerializer: ask-sdk's DefaultSerializer, minus the per-request costs that showed in profiles."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer


@functools.lru_cache(maxsize=None)
def _model_class(name: str):
    """The ask-sdk-model class for a dotted NAME (the SDK resolves it with __import__ on every field)."""
    module_name, _, class_name = name.rpartition(".")
    return getattr(__import__(module_name, fromlist=[class_name]), class_name)


class EnvelopeSerializer(DefaultSerializer):
    """Same models and errors as DefaultSerializer; ISO-8601 timestamps parsed by the standard library (the SDK
    runs dateutil's general parser, a fifth of a request's CPU), class names resolved once, and
    deserialize_object() for an envelope the verifier has already parsed (no second json.loads)."""

    def deserialize_object(self, payload: Any, obj_type):
        """Deserialize an already-parsed JSON value (dict, list...) into OBJ_TYPE."""
        if payload is None:
            return None
        return self._DefaultSerializer__deserialize(payload, obj_type)

    def _DefaultSerializer__load_class_from_name(self, class_name):  # overrides the SDK's private hook
        if "." not in class_name:
            return super()._DefaultSerializer__load_class_from_name(class_name)
        try:
            return _model_class(class_name)
        except Exception:  # the SDK's own path raises its SerializationException with the reason
            return super()._DefaultSerializer__load_class_from_name(class_name)

    def _DefaultSerializer__deserialize_datetime(self, payload, obj_type):  # overrides the SDK's private hook
        try:
            parsed = dt.datetime.fromisoformat(payload)
        except (TypeError, ValueError):  # not ISO-8601 (or not a string): the SDK's dateutil path decides
            return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)
        return parsed.date() if obj_type is dt.date else parsed
