// Words the name guard must not take for names, and words that tell it a name or a place follows.
// Swedish (sv) and Norwegian bokmål/nynorsk (nb/nn) forms, lower case.

const list = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

/** Role words: how case notes refer to people without naming them. */
export const roleWords = list(`
mamman mamma mammas mammans pappan pappa pappas pappans modern mor mors fadern far fars föräldern föräldrarna
flickan flickans pojken pojkens dottern dotterns sonen sonens barnet barnen barnets syskonen systern brodern bror
syster storebror lillebror storasyster lillasyster kusinen kusin morbror farbror moster faster mormor farmor morfar
farfar maken makan hustrun frun mannen kvinnan kvinnorna männen eleven eleverna ungdomen ungdomarna tjejen killen
styvpappan styvmamman styvfadern styvmodern bonuspappan bonusmamman fosterpappan fostermamman fosterfar fostermor
familjehemspappan familjehemsmamman vårdnadshavaren vårdnadshavarna handläggaren handläggare socialsekreteraren socialsekreterare kuratorn kurator
rektorn rektor läraren mentorn skolsköterskan sköterskan tolken klienten patienten anmälaren anmälan pojkvännen
flickvännen sambon partnern förövaren släkten släktingarna familjen familjens hushållet
mora moren mor faren far foreldrene forelderen jenta jenten jentas gutten guttens datteren sønnen barnet barna
søsteren broren søsken bestemor bestefar onkel tante fetteren kusina ektemannen kona konen mannen kvinnen eleven
elevene ungdommen ungdommene brukeren saksbehandleren saksbehandler kontaktlæreren læreren helsesykepleieren
helsesøster tolken klienten kjæresten familien slekta slekten verge vergen fosterforeldrene stefaren stemoren
fosterfaren fostermoren
`);

/** Months and weekdays, which people sometimes capitalise. */
export const calendarWords = list(`
januari februari mars april maj juni juli augusti september oktober november december
januar februar mars april mai juni juli august september oktober november desember
måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag onsdag torsdag fredag lørdag søndag
jul julen påsk påske midsommar sankthans vår sommar höst vinter sommer høst vinter
`);

/** Capitalised words that start sentences in case notes and are also names somewhere. */
export const commonWords = list(`
hans inga dina mina sina per bo dag liv stig sten jan tor max rim lina nur ena sam gun britt gro live line
tone rut even odd vera love hope tala ruta aster vilja saga
`);

/** Words that, right before a capitalised word, say that a name follows. */
export const nameCues = list(`
heter hette kallas kallad kallades namn namnet namnen tilltalsnamn efternamn förnamn
styvpappa styvmamma styvfar styvmor bonuspappa bonusmamma pojkvän flickvän kompis kompisen vän vännen väninnan
kamrat kamraten klasskamrat klasskamraten stefar stemor venn vennen venninne venninnen kompisen kamerat
heiter kalles kalt navn navnet fornavn etternavn
herr fru frk
`).concat(roleWords);

/** Words that, right before a capitalised word, say that a place follows. */
export const placeCues = list(`
i från till på mot utanför nära inom via vid genom
fra til på mot utenfor nær innenfor via ved gjennom
`);

/** Words that, right after a capitalised word, make it a place or an organisation, not a person. */
export const placeOrOrgAfter = list(`
kommun kommuns kommune kommunes län fylke stad by centrum sentrum gymnasium gymnasiet skola skolan skole skolen
förskola förskolan barnehage barnehagen vårdcentral vårdcentralen legekontor sjukhus sjukhuset sykehus sykehuset
kyrka kyrkan kirke kirken moské moskén moskeen församling församlingen menighet stiftelse stiftelsen förening
föreningen forening foreningen kvinnojour kvinnojouren krisesenter krisesenteret universitet universitetet
högskola högskolan høgskole ab as asa hf region regionen ungdom sidor sider meddelanden
`);

/** Words that, right before a capitalised word, make it part of an organisation's name. */
export const orgBefore = list(`
kvinnojouren tjejjouren jouren stiftelsen föreningen foreningen stiftelsen riksförbundet förbundet
forbundet senteret kyrkan kirken moskén församlingen menigheten skolan skolen förskolan barnehagen barnehage
fritids fritidsgården ungdomsgården boendet avdelningen enheten mottagningen
`);

/** Names of countries, regions and places the guard treats as places (municipalities come from the directory). */
export const extraPlaces = list(`
sverige norge danmark finland island irak iraq syrien syria libanon palestina jordanien jordan egypten egypt
somalia somaliland etiopien etiopia eritrea sudan afghanistan iran turkiet tyrkia bosnien bosnia serbien serbia
kosovo albanien albania polen polska ukraina ryssland russland pakistan indien india bangladesh marocko marokko
algeriet algerie tunisien tunisia libyen libya jemen yemen kurdistan europa afrika asien asia amerika usa
skandinavien norden norrbotten västerbotten jämtland lappland skåne halland dalarna gotland öland värmland
norrland svealand götaland finnmark troms nordland trøndelag vestland viken innlandet agder rogaland
stockholm göteborg malmö uppsala oslo bergen trondheim stavanger tromsø kristiansand luleå umeå kiruna
gällivare boden piteå haparanda kalix rosengård tensta rinkeby husby angered hammarkullen biskopsgården
grorud stovner furuset holmlia romsås tøyen grønland
`);

/**
 * Organisation and authority names (capitalised in notes) and other capitalised words that are not
 * names: abbreviations are filtered by shape, these are the ones written as words.
 */
export const organisationWords = list(`
socialtjänsten socialtjänst socialnämnden socialförvaltningen individ- polisen polis skolan förskolan elevhälsan
barnahus barnahuset bup kvinnojouren tjejjouren migrationsverket försäkringskassan arbetsförmedlingen skatteverket
länsstyrelsen socialstyrelsen regionen region vården ungdomsmottagningen familjerätten familjerätt åklagaren
åklagarmyndigheten tingsrätten förvaltningsrätten domstolen ivo jo barnombudsmannen nck nationellt kompetensteamet
kompetensteam frälsningsarmén stadsmissionen röda korset rädda barnen terrafem linnamottagningen origo
samverkan samverkansgruppen nätverket teamet kommunen kommunerna staten sis
nav barnevernet barnevernstjenesten barnevern politiet krisesenteret bufetat bufdir udi imdi statsforvalteren
helsestasjonen skolehelsetjenesten familievernet rvts kompetanseteamet kompetanseteamet nasjonalt fastlegen
legevakten sykehuset kommunen fylket domstolen tingretten
`);

/** Function words and others that start sentences; never names even when capitalised. */
export const sentenceWords = list(`
jag du han hon den det vi ni de man en ett denna detta dessa deras hennes hans dess vår våra er era min mitt
mina din ditt dina sin sitt sina och eller men att som när då där här om för med till från på i av under efter
innan sedan enligt inför vid hos mot utan även också inte ingen inget inga alla några flera båda var vad vem
vilka vilken hur varför ja nej ok
jeg deg ham henne hun vi dere de en et ei denne dette disse deres hennes hans sin sitt sine og eller men at som
når da der her om for med til fra på i av under etter før siden ifølge ved hos mot uten også ikke ingen noen
alle begge hva hvem hvilke hvordan hvorfor
ärendet ärende samtal samtalet mötet möte anmälan orosanmälan bedömning utredning insats insatser beslut
saken sak møtet samtalen bekymringsmelding vurdering undersøkelse tiltak vedtak
`);
