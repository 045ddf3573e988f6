import factory

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_sync_role_group
from regions.models import Province, Regency, Subdistrict, Village


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "64"
    name = "Kalimantan Timur"


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ["code"]

    code = "64.01"
    name = "Kabupaten Paser"
    province = factory.LazyAttribute(lambda o: ProvinceFactory(code=o.code[:2]))


class SubdistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subdistrict
        django_get_or_create = ["code"]

    code = "64.01.01"
    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    regency = factory.LazyAttribute(lambda o: RegencyFactory(code=o.code[:5]))


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["code"]

    code = "64.01.01.2001"
    name = factory.Sequence(lambda n: f"Desa {n}")
    subdistrict = factory.LazyAttribute(lambda o: SubdistrictFactory(code=o.code[:8]))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    role = Role.DINSOS_STAFF
    regency = factory.SubFactory(RegencyFactory)
    password = factory.django.Password("portal-test-pass")

    @factory.post_generation
    def role_group(obj, create, extracted, **kwargs):
        if create:
            user_sync_role_group(user=obj)
