// Name and word lists for synthetic people: common US and Hispanic given names and surnames (not anyone's data),
// street names, vehicles. Accents are kept where the name has them, so that forms can drop them.

export const HISPANIC_MALE = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'Miguel', 'Francisco', 'Jorge', 'Alejandro', 'Antonio', 'Manuel',
  'Roberto', 'Ricardo', 'Fernando', 'Eduardo', 'Javier', 'Sergio', 'Raúl', 'Daniel', 'Adrián', 'Víctor', 'Héctor',
  'Arturo', 'Rubén', 'Óscar', 'Mario', 'Pedro', 'Rafael', 'Alberto', 'Gerardo', 'Enrique', 'Ramón', 'Andrés',
  'Ernesto', 'Guillermo', 'Hugo', 'Iván', 'Martín', 'Omar', 'Salvador', 'Julio', 'Ignacio', 'Rodrigo', 'Uriel',
];
export const HISPANIC_FEMALE = [
  'María', 'Guadalupe', 'Ana', 'Rosa', 'Patricia', 'Claudia', 'Verónica', 'Adriana', 'Gabriela', 'Alejandra',
  'Leticia', 'Silvia', 'Elena', 'Laura', 'Mónica', 'Sofía', 'Daniela', 'Lucía', 'Beatriz', 'Teresa', 'Carmen',
  'Yolanda', 'Araceli', 'Marisol', 'Itzel',
];
export const ANGLO_MALE = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Christopher',
  'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kenneth', 'Kevin',
  'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan', 'Jacob', 'Gary', 'Nicholas',
  'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon', 'Benjamin', 'Samuel', 'Gregory', 'Patrick',
];
export const ANGLO_FEMALE = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Lisa',
  'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle', 'Amanda', 'Melissa',
  'Deborah', 'Stephanie', 'Rebecca', 'Laura', 'Cynthia', 'Amy', 'Angela', 'Katherine',
];
export const MIDDLE_INITIALS = 'ABCDEFGHJKLMNPRSTW';

export const HISPANIC_SURNAMES = [
  'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
  'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos',
  'Ruiz', 'Álvarez', 'Mendoza', 'Castillo', 'Jiménez', 'Moreno', 'Romero', 'Herrera', 'Medina', 'Aguilar',
  'Vargas', 'Castro', 'Guzmán', 'Fernández', 'Juárez', 'Méndez', 'Salazar', 'Soto', 'Delgado', 'Vásquez',
  'Contreras', 'Domínguez', 'Guerrero', 'Luna', 'Ríos', 'Valenzuela', 'Navarro', 'Acosta', 'Quintero', 'Ibarra',
  'Salas', 'Villarreal', 'Cervantes', 'Zamora', 'Orozco', 'Esquivel', 'Fuentes', 'Trujillo', 'Cárdenas',
  'Sandoval', 'Barrera', 'Robles', 'Espinoza', 'Cortés', 'Lozano', 'Montoya', 'Beltrán', 'De la Cruz', 'De León',
];
export const ANGLO_SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell',
  'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris',
  'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward',
  'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'James', 'Hughes', 'Price', 'Sanders',
  'Myers', 'Long', 'Ross', 'Foster', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Fisher', 'Henderson',
  'Nguyen', 'Tran', 'Kim', 'Patel', 'Wojciechowski', 'Kowalski', "O'Brien", 'McDonald',
];

export const STREET_NAMES = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Sunset', 'Park', 'Lincoln',
  'Jefferson', 'Madison', 'Mesquite', 'Saguaro', 'Palo Verde', 'Ocotillo', 'Mission', 'Alameda', 'Camino Real',
  'Rio Grande', 'Del Sol', 'Las Palmas', 'Magnolia', 'Willow', 'Juniper', 'Highland', 'Valley', 'Canyon', 'Ridge',
  'Indian School', 'Camelback', 'Thomas', 'McDowell', 'Van Buren', 'Buckeye', 'Broadway', 'Central', 'Grand',
  'Dysart', 'Baseline', 'Southern', 'Bell', 'Greenway', 'Cactus', 'Pecos', 'Montana', 'Zaragoza', 'Alameda',
];

/** Street type as written in full, and its postal abbreviation. */
export const STREET_TYPES: readonly (readonly [full: string, abbr: string])[] = [
  ['Street', 'St'], ['Avenue', 'Ave'], ['Road', 'Rd'], ['Drive', 'Dr'], ['Boulevard', 'Blvd'], ['Lane', 'Ln'],
  ['Court', 'Ct'], ['Place', 'Pl'], ['Way', 'Way'], ['Circle', 'Cir'],
];
export const DIRECTIONS: readonly (readonly [full: string, abbr: string])[] = [
  ['North', 'N'], ['South', 'S'], ['East', 'E'], ['West', 'W'],
];

export const VEHICLES: readonly (readonly [make: string, model: string])[] = [
  ['Chevrolet', 'Silverado'], ['Ford', 'F-150'], ['Dodge', 'Ram 1500'], ['Toyota', 'Tacoma'], ['Nissan', 'Altima'],
  ['Honda', 'Accord'], ['Chevrolet', 'Tahoe'], ['Ford', 'Explorer'], ['GMC', 'Yukon'], ['Toyota', 'Camry'],
  ['Jeep', 'Grand Cherokee'], ['Chevrolet', 'Malibu'], ['Nissan', 'Frontier'], ['Dodge', 'Durango'],
];
export const COLOURS = ['white', 'black', 'silver', 'gray', 'red', 'blue', 'maroon', 'green', 'gold'];

export const BUSINESS_WORDS = [
  'Saguaro', 'Desert', 'Lone Star', 'Frontier', 'Mesa', 'Canyon', 'Border', 'Sonoran', 'Patriot', 'Eagle', 'Liberty',
  'Copper State', 'Red Rock', 'Big Bend', 'Sierra', 'Coastal', 'Valley', 'Pioneer', 'Trail', 'Ranger', 'Heritage',
  'Outpost', 'Silver', 'Rio', 'Gila', 'Pecos', 'Mojave', 'Cimarron', 'Alamo', 'High Plains',
];
export const BUSINESS_KINDS = [
  'Sporting Arms', 'Gun Exchange', 'Firearms', 'Guns & Ammo', 'Shooting Sports', 'Outfitters', 'Arms',
  'Tactical', 'Gun Shop', 'Trading Post', 'Range & Gun Shop', 'Armory',
];
export const PAWN_KINDS = ['Pawn', 'Pawn & Gun', 'Pawn Shop', 'Loan & Pawn'];
export const BUSINESS_SUFFIXES = ['LLC', 'Inc', '', '', 'Co'];
