"""The administration under the product's name; who is not staff is sent to the product."""

from html import unescape

import pytest
from django.urls import reverse

from config.admin_site import NOT_STAFF

pytestmark = pytest.mark.django_db


def test_a_visitor_is_sent_to_the_products_sign_in_page(client):
    response = client.get("/admin/indicators/result/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")
    followed = client.get("/admin/indicators/result/", follow=True)
    assert followed.templates[0].name == "registration/login.html"
    assert "Django administration" not in followed.content.decode()


def test_a_signed_in_person_who_is_not_staff_gets_the_products_refusal(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="focal"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert str(NOT_STAFF) in page and "Back to your start page" in page
    assert "Django administration" not in page


def test_staff_see_the_branded_administration(client, django_user_model):
    client.force_login(
        django_user_model.objects.create(username="root", is_staff=True, is_superuser=True)
    )
    page = client.get("/admin/").content.decode()
    assert "Action Plan monitor: administration" in page
    assert "Reference data and user accounts" in page
    assert "Django administration" not in page
    # Signed in already: the admin's own sign-in form is skipped.
    assert client.get("/admin/login/?next=/admin/auth/user/")["Location"] == "/admin/auth/user/"
    assert client.get("/admin/login/?next=https://elsewhere.example/")["Location"] == "/admin/"
