"""A shop's vocabulary: what looks like a name but is merchandise, and what is a name.

The small spaCy model tags Title Case product names ("Trailblazer Mid", "Atlas Yoga Mat")
and lower-case shopper queries ("oliver parsons") as people. A finding is dropped when

- it is a SKU or an order id ("CS-TRL-10-BRN", "A1043", "ORD-20417");
- it is a name or place made only of the store's own words (titles, brands) passed in by the
  caller, plus numbers;
- it is a "person" containing a product word ("Robot Vacuum", "Yoga Mat"), or right before
  one ("the Harper accent chair", "Ashley sectional"): people's names do not contain "mat"
  or "vacuum", and a name before "chair" names the chair;
- it is a "person" made only of chat or role words ("Email", "Hi", "Salesperson"), a
  fashion or home brand named after its designer ("Calvin Klein"), or a way to pay
  ("Klarna", "Apple Pay", "Shop Pay").

``FIRST_NAMES`` lists common given names of many languages, for the recognizer that finds the
names the model misses. Names that are also everyday words, places or brands ("Mark", "Grace",
"Austin", "Stanley") are left out on purpose: a word there is read as a name wherever it is
capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SKU = re.compile(r"[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,8}){1,6}")
_ORDER_ID = re.compile(r"(?:[A-Z]{1,4}-?)?[A-Z]{1,3}-?\d{3,10}|#?\d{3,8}-[A-Z]{1,4}")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: The two words right after a finding, with nothing but spaces before and between them (a
#: wider window reaches across verbs: "Julia loves the blanket").
_NEXT_WORDS = re.compile(r"(?:[ \t]+([^\W\d_][\w-]*)){1,2}")
#: Types a store's words can be mistaken for; a card or an email is never merchandise.
_NAME_LIKE = frozenset({"PERSON", "STREET_ADDRESS", "LOCATION"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Common product and attribute words of general merchandise (not names of anyone).
PRODUCT_WORDS = _words(
    """
    adapter armchair backpack bag balm bar basket bath bed bedding bench bike bin blanket
    blender boot boots bottle bowl box bra bracelet brush bucket bulb cabinet cable camera
    candle cap case chair chairs charger clock coat console cooker cot couch cover crib cup
    curtain cushion deadbolt desk diffuser dish dresser drill dryer dumbbell duvet earbuds
    earrings fan faucet fence filter fork frame fryer furniture glove gloves grill hammock
    hanger hat headphones heater helmet hoodie hose jacket jar jeans kettle kettlebell keyboard
    kit knife ladder lamp lantern leash lens light lights lock loveseat mat mattress microwave
    mirror monitor mop mouse mug necklace ottoman oven pack pad pan pants pillow planter plate
    plug pot print purse rack recliner rope rug sandals scarf sconce serum set shampoo sheet
    sheets shelf shirt shoe shoes shorts sink skillet sneaker sneakers sock socks sofa speaker
    spoon stand stool stove stroller suitcase sunglasses sweater table tablet tee tent
    thermostat throw toaster towel toy tray tripod umbrella vacuum vase vest wallet watch
    wrench yoga sectional sleeper nightstand bookcase bookshelf credenza sideboard vanity
    headboard futon daybed chaise chandelier pendant sconces tv dress adjustable cordless
    ergonomic foldable insulated leather non-slip outdoor portable rechargeable smart
    stainless waterproof weighted wireless
    """
)

#: Product words that are also everyday words ("a huge Megan Payne fan", "the Smith case"):
#: not enough, after a name, to make it a product.
_EVERYDAY_WORDS = _words(
    """
    bar box cap case console cover cup dish fan frame jar kit light lights lock monitor mouse
    pack pad pan plate plug pot print set sheet sheets smart stand tee throw watch
    """
)
#: Words that, right after a name, make it the name of a product ("Harper chair").
_PRODUCT_AFTER_NAME = PRODUCT_WORDS - _EVERYDAY_WORDS

#: Words of a shop chat the small model sometimes reads as a name ("Email me at …"), and the
#: labels of a form ("Name:", "Phone:").
CHAT_WORDS = _words(
    """
    account address call card cart checkout delivery email e-mail hello hey hi order package
    parcel phone please refund return shipping thanks text mobile fax tel website info
    personal zip postcode gift suite apt apartment unit floor service support team department
    sales returns billing help desk manager supervisor representative rep agent human person
    someone somebody anyone
    """
)

#: Jobs and roles written before a name ("Producer Liviana Palerma"): not part of it.
ROLE_WORDS = _words(
    """
    producer director manager customer client agent officer captain coach president professor
    doctor nurse driver courier user bot chef author singer actor actress artist writer editor
    founder ceo cto cfo salesperson salesman saleswoman seller buyer owner designer engineer
    assistant secretary senator governor mayor judge detective sergeant lieutenant colonel
    general admiral pastor father brother sister uncle aunt grandma grandpa
    """
)

#: Words that are never part of a name: a cue followed by one is not followed by a name.
NOT_NAME_WORDS = PRODUCT_WORDS | CHAT_WORDS | ROLE_WORDS

#: Words before a letter that name a kind, not a person: "Vitamin C", "Type C", "Plan B".
SERIES_WORDS = _words(
    """
    vitamin vitamins type plan size model series grade class section version level phase part
    zone gate terminal exit route channel tier block building category option team group
    formula generation star shape omega hepatitis letter pattern cup wing row column hall
    """
)

#: Brands that are their designers' names: a product, not a person, in a shop.
PERSON_BRANDS = frozenset(
    [
        "anne klein",
        "betsey johnson",
        "calvin klein",
        "christian louboutin",
        "giorgio armani",
        "hugo boss",
        "jessica simpson",
        "jonathan adler",
        "kate spade",
        "kenneth cole",
        "marc jacobs",
        "martha stewart",
        "michael kors",
        "oscar de la renta",
        "ralph lauren",
        "sam edelman",
        "steve madden",
        "stuart weitzman",
        "ted baker",
        "tom ford",
        "tommy hilfiger",
        "tory burch",
        "vera bradley",
        "vera wang",
    ]
)

#: Card networks, wallets and pay-later services a shop names at checkout and in its policies.
PAYMENT_WORDS = _words(
    """
    visa mastercard amex paypal klarna afterpay affirm sezzle zip venmo zelle alipay wechat
    discover maestro jcb unionpay interac sofort ideal bancontact giropay
    """
)

#: Lower-case words inside a name: "Ludwig van Beethoven", "Maria de la Cruz".
NAME_PARTICLES = _words("van von der den de del della di du da dos das la le bin ibn al el ter")

FIRST_NAMES = _words(
    """
    aaron abdul abigail adam adrian adriana agnes agnieszka ahmad ahmed aidan aiden aino aisha
    akira alan alberto alejandra alejandro aleksandr aleksandra alessandra alessandro alex
    alexander alexandra alexei alfonso alfredo ali alice alicia alina alison allison alma alvaro
    amanda amar amelia amelie amir amit amy ana anastasia anders andre andrea andreas andres
    andrew andrey andrzej angela angelo angelica anil anita anja ann anna anne anneli annette
    annika anthony antoine anton antonia antonio antti anya arjun arnaud arne arthur arturo
    astrid attila audrey aurelie axel ayesha ayse balazs barbara beatrice beatriz bence
    benedikt benjamin benoit bernard bernd bettina betty beverly bianca birgit bjorn björn boris
    brandon brenda brian brittany bruno bryan caleb camila camille carla carlo carlos carmen
     caroline carolyn cassandra catalina catherine cathy cecilia celine charles cheryl
    chiara chinedu chloe chris christina christine christoph christophe christopher cindy claire
    clara claudia claudio colin connor constantin cristian cristina cynthia damian damien daniel
    daniela danielle daniil dario david davide deborah debra deepak denis denise derek diana
    diego dieter dimitri dimitrios dirk divya dmitri dmitry dominik dominika donald donna doris
    dorothy douglas dusan dylan edith eduardo edward eero elena eleni eli elias elif elina elisa
    elisabeth elise eliska elizabeth ella ellen elodie emil emilia emilie emily emma emre enrique
    eric erik erika ernesto esperanza esteban esther ethan etienne eugene eva evelyn ewa fabian
    fabio fatima fatma federica federico felipe felix femke fernanda fernando filip filipa fiona
    francesca francesco francisco francois françois frederic frederik freja fredrik gabor gabriel
    gabriela gabriele gabrielle ganesh gareth gary gaurav genevieve georg george georgios gerald
    gerard gerhard gianluca gillian gina giorgio giovanni giulia giuseppe gonzalo goran gordon
    gregory greta guillaume gunnar gustavo gyorgy hana hannah hannes hans harald harold haruto
    hassan heather hector heidi heike heikki helen helena helga helmut henrik henry hiroshi hugo
    hussein ian ibrahim igor ilse ines ingrid irene irina isaac isabel isabella isabelle ismail
    istvan ivan ivana jacob jacqueline jakob jakub james jamie jana janet janice janina janos
    jared jari jarmila jasmin jason javier jeffrey jelena jennifer jens jeremy jerome jesper
    jessica jiri joachim joanna joao joaquim joaquin joe johan johanna johannes john
    jonas jonathan jordi jorge jose josef josefa joseph josephine joshua joyce juan juana judith
    juha jukka julia julian juliana julie julien julio justin jörg jürgen kaja kamil karen karim
    karin karina karl karolina kasper katalin katarina katarzyna kate katharina katherine
    kathleen kathryn katie katrin kayla keith kelly kenji kenneth kerstin kevin khalid kimberly
    klaus kofi konrad konstantin konstantinos krisztina krzysztof kristian kristin kristina
    kristine kurt kwame kyle lars larissa laszlo laura lauren laurent lea leah lena leon leonardo
    leonie leonid lucas lucia luciana lucie ludwig luis luisa luiz lukas lukasz luke lydia
    magdalena magnus mahmoud maja manfred manon manuel manuela marco marcos marcus margaret
    margarita margit mari maria mariana marianne marie marina mario marion marisa marit marius
    marko markus marta martha martin martina mary mateo mateus matheus mathias mathieu matias
    matteo matthew matthias mattias maxim maxime maximilian megan mehmet meera melanie melissa
     mette michael michaela michal michel michelle miguel mihai mikael mikhail mikkel
    mikko milan milena milos miriam mohamed mohammad mohammed monica monika muhammad murat
    nadia nadine naomi natalia natalie natasha nathalie nathan neha nicholas nicola nicolas
    nicole niklas nikola nikolai nikolaos nils nina noah noemi nora norbert oksana olaf
    oleksandr olga oliver olivia olivier omar oscar oskar otto pablo paola pascal patricia
    patrick paul paula paulina pavel pawel pedro pekka peter petr petra philip philipp
    philippe pierre piotr pooja priya rachel rafael rafal rahul raj rajesh ralf ramon
    raquel raul rebecca reinhard renata rene ricardo riccardo richard rita robert roberta
    roberto rodrigo roger rohit roland roman ronald rosa rosalind ruben rui ruth ryan sabine
    sabrina samantha samir samuel sandra sanjay sara sarah sasha sebastian sebastien sergei
    sergey sergio shannon sharon shirley siddharth sigrid silvia simon simona simone sofia
    sofie sonia sonja sophia sophie stefan stefanie stefano stephan stephane stephanie stephen
    steven susan susanne svetlana sven sylvia sylvie takashi tamara tanja tatiana tatjana teresa
    thabo theo theresa thierry thomas thorsten tiago tiffany timo timothy tobias tomas tomasz
    tommaso torsten tove tyler ulrich ulrike ursula uwe valentin valentina valeria valerie
    vanessa vasily veronica veronika victor viktor viktoria vincent vincenzo virginie vivian
    vladimir walter wei werner wiktoria william wojciech wolfgang xavier yana yasmin yuki yulia
    yusuf yves zainab zofia zoltan zsofia zsuzsanna zuzana
    """
)


#: Common family names that WordNet also lists (after a famous bearer), so the English lexicon
#: of ``guardrails.pii.lexicon`` would take them for words. Names that are everyday words
#: ("Baker", "King", "Stone", "Park") are left out on purpose, as in ``FIRST_NAMES``.
SURNAMES = _words(
    """
    adams ali allen andersen anderson andrews archer arias armstrong arnold arroyo austin
    bailey baldwin barker bartlett bates beck bender bennett benton berg blackburn blair
    blake booker boone bowers bowman boyle bradford bradley brady brandt bravo browning
    bruce buchanan bullock burgess burke burnett burton byrd cain calderon caldwell campbell
    carroll carson carter castro cervantes chambers chandler chang chapman chavez chen clark
    cline cochran coleman collier collins combs compton conrad cooper cordova cortes cortez
    costa cox crawford crosby cummings cunningham curtis dalton daniels davenport davis
    dawson dean decker diaz douglas duncan durham dyer edwards ellis ellison evans farrell
    faulkner fischer fitzgerald fleming fletcher foster fowler franco franklin frederick
    freeman friedman frye fuentes fuller gaines gardner garner garrison gentry gibbs gibson
    gilbert gill gillespie goodman gould graham greene gregory griffin griffith grimes
    guevara hahn hale haley hamilton hampton hancock harding hardy harper harris harrison
    hart harvey hawkins hayes hendrix henson herman hess hicks hobbs hoffman hogan holland
    holmes hoover hopkins horne houston howard howe hubbard hudson huff hughes hutchinson
    jackson jacobs jefferson jensen jimenez johnson johnston jones jordan juarez keller
    kelly kennedy khan kirk klein knox koch lambert lawrence leal lee leon leonard levy
    lewis livingston lloyd logan lucas luna lynch lyons madden malone mann manning marshall
    martin matthews maxwell mayer mayo mays mccarthy mccormick mcintosh mcpherson medina
    middleton miller mitchell monroe montes montgomery moody moore morales morgan morris
    morrison morrow morse morton murillo murphy murray nash nelson newman newton nielsen
    nixon norman norris ochoa orozco orr ortega osborne owen owens palmer parker parrish
    parsons perry peters pitts pollard ponce potter powell proctor rasmussen reed reeves
    reid reyes reynolds rhodes richards richardson richmond riley rios rivera robbins
    roberts robertson robinson robles rodgers rogers rosales rosario rosas ross roth russell
    salinas sanchez sanders santiago santos schmidt scott sexton shah shaw shepard sherman
    sierra silva simpson singleton skinner smith solomon spears spencer stanley stanton
    steele stein stephens stephenson stevens stevenson stewart stokes strickland stuart
    sullivan swanson tate taylor thompson thornton todd townsend trevino tucker turner tyler
    underwood valdez valencia vargas vaughan vega velazquez wade wagner wallace waller
    walters walton ward warner warren washington watson watts weaver webb weber webster
    welch wheeler whitehead whitney wilkins wilkinson williams willis wilson wolfe woodward
    wright wu wyatt yang
    """
)


class RetailFilter:
    """Decides whether a finding is merchandise rather than personal data."""

    def __init__(self, allow_terms: Iterable[str] = ()) -> None:
        self._allowed_words = frozenset(
            word.lower() for term in allow_terms for word in _WORD.findall(term)
        )
        self._allowed_phrases = frozenset(t.strip().lower() for t in allow_terms if t.strip())

    def is_benign(self, entity_type: str, text: str) -> bool:
        """True when ``text``, found as ``entity_type``, is a SKU, an order id or a product."""
        value = text.strip()
        if _SKU.fullmatch(value) and any(c.isalpha() for c in value):
            return True
        if _ORDER_ID.fullmatch(value):
            return True
        if entity_type not in _NAME_LIKE:
            return False
        if value.lower() in self._allowed_phrases:
            return True
        words = [w.lower() for w in _WORD.findall(value)]
        if not words:
            return False
        if all(w in self._allowed_words for w in words):
            return True
        if entity_type != "PERSON":
            return False
        return (
            any(w in PRODUCT_WORDS for w in words)
            or all(w in CHAT_WORDS or w in ROLE_WORDS for w in words)
            or " ".join(words) in PERSON_BRANDS
            or all(w in PAYMENT_WORDS for w in words)
            or (len(words) > 1 and words[-1] == "pay")  # Apple Pay, Klarna Pay
        )

    def names_a_product(self, text: str, end: int) -> bool:
        """Whether a product word follows the name ending at ``end`` ("Harper accent chair")."""
        after = _NEXT_WORDS.match(text, end)
        words = after.group().split() if after else []
        return any(w.lower() in _PRODUCT_AFTER_NAME for w in words)
