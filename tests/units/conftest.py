"""People for the unit pages: one per role, made without passwords (force_login signs them in)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from custodians.models import CustodianUnit
from tests.factories import CustodianUnitFactory


@pytest.fixture
def gedi(role_users) -> AbstractBaseUser:
    return role_users["gedi"]


@pytest.fixture
def gedi_client(gedi) -> Client:
    client = Client()
    client.force_login(gedi)
    return client


@pytest.fixture
def unit(db) -> CustodianUnit:
    return CustodianUnitFactory(acronym="HRX", name="Human Resources Exchange")
