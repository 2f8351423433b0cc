global using FluentAssertions;
global using NUnit.Framework;
global using BackPainRules.Tests.Support;
